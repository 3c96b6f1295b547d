package org.heartsounds.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private Path yaml(String text) throws Exception {
        Path p = tmp.resolve("recipe.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsWhenNoFile() {
        Recipe r = ConfigLoader.load(Recipe.class, Recipe.defaults(), null);
        assertEquals(Recipe.defaults(), r);
        assertEquals(4000, r.audio().sampleRate());
        assertEquals(224, r.spectrogram().width());
    }

    @Test
    void yamlOverridesDefaultsAndFlagsOverrideYaml() throws Exception {
        Path p = yaml("seed: 7\nspectrogram:\n  n_mels: 64\n  colormap: magma\naudio:\n  window:\n    seconds: 3.0\n");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("spectrogram.n_mels", "96");
        Recipe r = ConfigLoader.load(Recipe.class, Recipe.defaults(), p, flags);
        assertEquals(7L, r.seed());
        assertEquals(96, r.spectrogram().nMels(), "flag wins over YAML");
        assertEquals(SpectrogramSpec.Colormap.MAGMA, r.spectrogram().colormap());
        assertEquals(3.0, r.audio().window().seconds());
        assertEquals(1.0, r.audio().window().hopSeconds(), "untouched nested keys keep their defaults");
        assertEquals(256, r.spectrogram().nFft());
    }

    @Test
    void writtenConfigReplaysToTheSameRecipe() throws Exception {
        Recipe r = ConfigLoader.load(Recipe.class, Recipe.defaults(),
                yaml("seed: 3\nsplit:\n  mode: file\n  folds: 10\n"), Map.of("audio.sample_rate", "2000"));
        Path out = tmp.resolve("run/config.yaml");
        ConfigLoader.write(r, out);
        String text = Files.readString(out);
        assertTrue(text.contains("sample_rate: 2000"), text);
        assertTrue(text.contains("mode: file"), text);
        assertEquals(r, ConfigLoader.load(Recipe.class, Recipe.defaults(), out));
    }

    @Test
    void misspeltKeyNamesTheKeyAndTheFile() throws Exception {
        Path p = yaml("spectrogram:\n  n_mel: 64\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Recipe.class, Recipe.defaults(), p));
        assertTrue(e.getMessage().contains("recipe.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("spectrogram.n_mel"), e.getMessage());
    }

    @Test
    void yamlTextMergesOverDefaultsAndErrorsNameTheSource() {
        Recipe r = ConfigLoader.loadText(Recipe.class, Recipe.defaults(), "seed: 9\nspectrogram:\n  width: 64\n",
                "model.zip!heartsounds/recipe.yaml");
        assertEquals(9L, r.seed());
        assertEquals(64, r.spectrogram().width());
        assertEquals(224, r.spectrogram().height(), "keys the text does not set keep their defaults");
        assertEquals(Recipe.defaults(), ConfigLoader.loadText(Recipe.class, Recipe.defaults(), "", "empty"));
        assertEquals(r, ConfigLoader.loadText(Recipe.class, Recipe.defaults(), ConfigLoader.toYaml(r), "round trip"));
        BadInputException key = assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class,
                Recipe.defaults(), "spectrogram:\n  n_mel: 64\n", "m.onnx#heartsounds.recipe"));
        assertTrue(key.getMessage().startsWith("m.onnx#heartsounds.recipe: ") && key.getMessage()
                .contains("spectrogram.n_mel"), key.getMessage());
        BadInputException list = assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class,
                Recipe.defaults(), "- a\n- b\n", "src"));
        assertEquals("src: a recipe must be a YAML mapping of keys to values", list.getMessage());
        BadInputException syntax = assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class,
                Recipe.defaults(), "seed: [1\n", "src"));
        assertTrue(syntax.getMessage().startsWith("src: not valid YAML"), syntax.getMessage());
    }

    @Test
    void unknownTopLevelKey() throws Exception {
        Path p = yaml("sead: 1\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Recipe.class, Recipe.defaults(), p));
        assertTrue(e.getMessage().contains("'sead'"), e.getMessage());
    }

    @Test
    void wrongTypeAndOutOfRangeNameTheKey() throws Exception {
        BadInputException type = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), yaml("spectrogram:\n  n_fft: lots\n")));
        assertTrue(type.getMessage().contains("spectrogram.n_fft"), type.getMessage());
        BadInputException range = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), yaml("spectrogram:\n  n_fft: 300\n")));
        assertTrue(range.getMessage().contains("power of two"), range.getMessage());
        assertTrue(range.getMessage().contains("recipe.yaml"), range.getMessage());
        BadInputException enumValue = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), yaml("spectrogram:\n  colormap: jet\n")));
        assertTrue(enumValue.getMessage().contains("spectrogram.colormap"), enumValue.getMessage());
    }

    @Test
    void aRepeatedKeyIsBadInputNamingBothLines() throws Exception {
        Path file = yaml("seed: 1\ntrain:\n  epochs: 2\n  learning_rate: 0.01\n  epochs: 5\n");
        BadInputException nested = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(Recipe.class, Recipe.defaults(), file));
        assertEquals(file + ": duplicate key 'train.epochs' on lines 3 and 5; a key may appear once (remove one of "
                + "them)", nested.getMessage());
        BadInputException top = assertThrows(BadInputException.class, () -> ConfigLoader.loadText(Recipe.class,
                Recipe.defaults(), "seed: 1\nseed: 2\n", "model.zip#recipe"));
        assertEquals("model.zip#recipe: duplicate key 'seed' on lines 1 and 2; a key may appear once (remove one of "
                + "them)", top.getMessage());
        // the same key in two different mappings is not a repeat
        Recipe two = ConfigLoader.load(Recipe.class, Recipe.defaults(), yaml("data:\n  out: a\ntrain:\n  out: b\n"));
        assertEquals("a", two.data().out());
        assertEquals("b", two.train().out());
    }

    @Test
    void brokenYamlAndMissingFile() throws Exception {
        BadInputException broken = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), yaml("spectrogram: [1, 2\n")));
        assertTrue(broken.getMessage().contains("not valid YAML"), broken.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), tmp.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("nope.yaml"), missing.getMessage());
        BadInputException notMap = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), yaml("- a\n- b\n")));
        assertTrue(notMap.getMessage().contains("mapping"), notMap.getMessage());
    }

    @Test
    void unknownOverrideKey() {
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.load(Recipe.class,
                Recipe.defaults(), null, Map.of("spectrogram.nmels", "3")));
        assertTrue(e.getMessage().contains("spectrogram.nmels"), e.getMessage());
    }

    /** A section type for {@link ConfigLoader#loadSectioned}. */
    record Extra(int count, String name) {
        Extra {
            if (count < 0) {
                throw new IllegalArgumentException("extra.count must be >= 0, got " + count);
            }
        }
    }

    @Test
    void aSectionBindsToItsOwnTypeWithTheSameChecks() throws Exception {
        Path p = yaml("seed: 3\nextra:\n  count: 2\nspectrogram:\n  n_mels: 64\n");
        ConfigLoader.Sectioned<Recipe, Extra> s = ConfigLoader.loadSectioned(Recipe.class, Recipe.defaults(), "extra",
                Extra.class, new Extra(0, "x"), p, Map.of("extra.name", "'y'", "train.epochs", "5"));
        assertEquals(3L, s.main().seed());
        assertEquals(64, s.main().spectrogram().nMels());
        assertEquals(5, s.main().train().epochs());
        assertEquals(new Extra(2, "y"), s.section());
        assertEquals(new Extra(0, "x"), ConfigLoader.loadSectioned(Recipe.class, Recipe.defaults(), "extra",
                Extra.class, new Extra(0, "x"), yaml("seed: 1\n"), Map.of()).section(), "absent: the defaults");
        BadInputException typo = assertThrows(BadInputException.class, () -> ConfigLoader.loadSectioned(
                Recipe.class, Recipe.defaults(), "extra", Extra.class, new Extra(0, "x"),
                yaml("extra:\n  cont: 2\n"), Map.of()));
        assertTrue(typo.getMessage().contains("recipe.yaml") && typo.getMessage().contains(
                "unknown configuration key 'extra.cont'"), typo.getMessage());
        BadInputException range = assertThrows(BadInputException.class, () -> ConfigLoader.loadSectioned(
                Recipe.class, Recipe.defaults(), "extra", Extra.class, new Extra(0, "x"),
                yaml("extra:\n  count: -1\n"), Map.of()));
        assertTrue(range.getMessage().contains("bad value for 'extra'") && range.getMessage().contains(">= 0"),
                range.getMessage());
        BadInputException recipeTypo = assertThrows(BadInputException.class, () -> ConfigLoader.loadSectioned(
                Recipe.class, Recipe.defaults(), "extra", Extra.class, new Extra(0, "x"),
                yaml("extra:\n  count: 1\nsede: 3\n"), Map.of()));
        assertTrue(recipeTypo.getMessage().contains("unknown configuration key 'sede'"), recipeTypo.getMessage());
        BadInputException override = assertThrows(BadInputException.class, () -> ConfigLoader.loadSectioned(
                Recipe.class, Recipe.defaults(), "extra", Extra.class, new Extra(0, "x"), yaml("seed: 1\n"),
                Map.of("extra.nme", "3")));
        assertTrue(override.getMessage().contains("unknown configuration key 'extra.nme'"), override.getMessage());
    }
}
