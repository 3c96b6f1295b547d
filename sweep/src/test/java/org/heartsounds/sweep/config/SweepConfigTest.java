package org.heartsounds.sweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.SpectrogramSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading sweep configurations: every space type, the replayable YAML, overrides, and every kind of bad space. */
class SweepConfigTest {
    @TempDir
    Path tmp;

    private static final String BASE = """
            seed: 7
            data: {dir: /nowhere/wavs}
            spectrogram: {width: 64, height: 64}
            train: {epochs: 4, batch_size: 16}
            """;

    private Path file(String sweep) throws IOException {
        Path p = tmp.resolve("sweep.yaml");
        Files.writeString(p, BASE + sweep);
        return p;
    }

    private SweepConfig load(String sweep) throws IOException {
        return SweepConfig.load(file(sweep), Map.of());
    }

    private BadInputException bad(String sweep) throws IOException {
        Path p = file(sweep);
        BadInputException e = assertThrows(BadInputException.class, () -> SweepConfig.load(p, Map.of()));
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void everySpaceTypeIsReadInYamlOrder() throws IOException {
        SweepConfig c = load("""
                sweep:
                  out: runs/sweeps/x
                  candidates: 12
                  generator: random
                  score: val_loss
                  parameters:
                    train.learning_rate: {log_uniform: [1.0e-4, 3.0e-3]}
                    train.augment.time_shift: {uniform: [0.0, 0.2]}
                    train.epochs: {int: [4, 8]}
                    train.freeze: {choice: [none, stem]}
                    spectrogram.n_mels: {choice: [64, 128]}
                    train.fast_path: {choice: [true, false]}
                    train.momentum: {choice: [0.5, 0.9]}
                """);
        SweepSpec s = c.sweep();
        assertEquals(List.of("train.learning_rate", "train.augment.time_shift", "train.epochs", "train.freeze",
                "spectrogram.n_mels", "train.fast_path", "train.momentum"), List.copyOf(s.parameters().keySet()));
        SpaceSpec lr = s.parameters().get("train.learning_rate");
        assertEquals(SpaceSpec.Kind.LOG_UNIFORM, lr.kind());
        assertEquals(1.0e-4, lr.low(), 0.0);
        assertEquals(3.0e-3, lr.high(), 0.0);
        assertEquals(List.of(0.0, 0.2), s.parameters().get("train.augment.time_shift").values());
        assertEquals(List.of(4, 8), s.parameters().get("train.epochs").values());
        assertEquals(List.of("none", "stem"), s.parameters().get("train.freeze").values());
        assertEquals(List.of(64, 128), s.parameters().get("spectrogram.n_mels").values());
        assertEquals(List.of(true, false), s.parameters().get("train.fast_path").values());
        assertEquals(List.of(0.5, 0.9), s.parameters().get("train.momentum").values());
        assertEquals(12, c.candidateCount());
        assertEquals(SweepSpec.Score.VAL_LOSS, s.score());
        assertTrue(s.score().minimize());
        assertEquals(7L, s.seed(), "the sweep seed defaults to the recipe's");
        assertEquals(3, s.gridPoints());
        assertEquals(64, c.base().spectrogram().width(), "the rest of the file is the base recipe");
        assertEquals(SpectrogramSpec.Colormap.VIRIDIS, c.base().spectrogram().colormap());
    }

    @Test
    void resolvedYamlReplaysToTheSameConfigurationAndOverridesApply() throws IOException {
        Path p = file("""
                sweep:
                  generator: grid
                  grid_points: 4
                  parameters:
                    train.weight_decay: {log_uniform: [1.0e-5, 1.0e-3]}
                    spectrogram.colormap: {choice: [viridis, magma, gray]}
                """);
        SweepConfig c = SweepConfig.load(p, Map.of("train.epochs", "2", "sweep.candidates", "5",
                "sweep.out", "'elsewhere'"));
        assertEquals(2, c.base().train().epochs());
        assertEquals(5, c.sweep().candidates());
        assertEquals("elsewhere", c.sweep().out());
        assertEquals(12, c.gridSize(), "4 weight decays x 3 colormaps");
        assertEquals(5, c.candidateCount(), "capped by sweep.candidates");
        Path replay = tmp.resolve("replay.yaml");
        c.write(replay);
        SweepConfig back = SweepConfig.load(replay, Map.of());
        assertEquals(c, back);
        assertEquals(c.toYaml(), back.toYaml());
        assertTrue(c.sameSearch(SweepConfig.load(p, Map.of("train.epochs", "2", "sweep.candidates", "9",
                        "sweep.out", "'elsewhere'"))),
                "only the stopping rule differs");
        assertEquals(false, c.sameSearch(SweepConfig.load(p, Map.of("train.epochs", "3", "sweep.out",
                "'elsewhere'"))));
        assertEquals(12, SweepConfig.load(p, Map.of()).candidateCount(), "0 = the whole grid");
    }

    @Test
    void malformedSpacesNameTheKey() throws IOException {
        String k = "sweep.parameters.train.learning_rate";
        for (String[] c : new String[][] {
                {"{log_unifrm: [1.0e-4, 1.0e-3]}", "unknown parameter space 'log_unifrm'"},
                {"{log_uniform: [0.0, 1.0e-3]}", "log_uniform needs 0 < low < high"},
                {"{log_uniform: [1.0e-3, 1.0e-4]}", "needs finite low < high"},
                {"{uniform: [0.1]}", "uniform needs two numbers"},
                {"{uniform: [a, b]}", "uniform needs numbers"},
                {"0.001", "expected a parameter space"},
                {"{choice: [0.001]}", "choice needs at least two values"},
                {"{choice: [0.001, 0.001]}", "lists a value twice"},
                {"{choice: 0.001}", "choice needs a list"},
                {"{uniform: [0.1, 0.2], choice: [1, 2]}", "expected a parameter space"}}) {
            BadInputException e = bad("sweep:\n  candidates: 2\n  parameters:\n    train.learning_rate: " + c[0] + "\n");
            assertTrue(e.getMessage().contains(k) && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        BadInputException e = bad("sweep:\n  candidates: 2\n  parameters:\n    train.epochs: {int: [4.5, 8]}\n");
        assertTrue(e.getMessage().contains("sweep.parameters.train.epochs") && e.getMessage().contains("whole"),
                e.getMessage());
    }

    @Test
    void spacesThatDoNotFitTheirKeyNameTheKey() throws IOException {
        for (String[] c : new String[][] {
                {"train.learning_ratee: {log_uniform: [1.0e-4, 1.0e-3]}", "unknown recipe key 'train.learning_ratee'"},
                {"train.augment: {choice: [a, b]}", "'train.augment' is a section"},
                {"data.dir: {choice: [a, b]}", "data source"},
                {"train.out: {choice: [a, b]}", "run folder"},
                {"seed: {choice: [1, 2]}", "comparable"},
                {"split.val: {choice: [0.1, 0.2]}", "validation split"},
                {"train.batch_size: {log_uniform: [8.0, 64.0]}", "takes whole numbers"},
                {"spectrogram.colormap: {uniform: [0.0, 1.0]}", "is not a number"},
                {"train.freeze: {choice: [none, bogus]}", "value bogus does not give a valid recipe"},
                {"spectrogram.n_mels: {choice: [64, 0]}", "value 0 does not give a valid recipe"},
                {"train.learning_rate: {uniform: [0.001, 12.0]}", "value 12.0 does not give a valid recipe"}}) {
            BadInputException e = bad("sweep:\n  candidates: 2\n  parameters:\n    " + c[0] + "\n");
            String key = c[0].substring(0, c[0].indexOf(':'));
            assertTrue(e.getMessage().contains("sweep.parameters." + key) && e.getMessage().contains(c[1]),
                    c[0] + " -> " + e.getMessage());
        }
        BadInputException typo = bad("sweep:\n  genrator: grid\n  parameters:\n    train.epochs: {int: [1, 2]}\n");
        assertTrue(typo.getMessage().contains("unknown configuration key 'sweep.genrator'"), typo.getMessage());
        BadInputException empty = bad("sweep:\n  candidates: 3\n");
        assertTrue(empty.getMessage().contains("sweep.parameters is empty"), empty.getMessage());
        BadInputException none = bad("sweep:\n  parameters:\n    train.epochs: {int: [1, 2]}\n");
        assertTrue(none.getMessage().contains("sweep.candidates must be at least 1"), none.getMessage());
        BadInputException section = bad("sweep: 3\n");
        assertTrue(section.getMessage().contains("'sweep' must be a mapping"), section.getMessage());
    }

    @Test
    void valuesThatAreOnlyInvalidInSomeCombinationsAreAccepted() throws IOException {
        // warmup 3 is invalid with epochs 2 or 3 but valid with epochs 8: those candidates fail, the sweep is fine
        SweepConfig c = load("""
                sweep:
                  generator: grid
                  parameters:
                    train.epochs: {choice: [2, 8]}
                    train.warmup_epochs: {choice: [0, 3]}
                """);
        assertEquals(4, c.candidateCount());
        BadInputException e = bad("""
                sweep:
                  generator: grid
                  parameters:
                    train.epochs: {choice: [2, 3]}
                    train.warmup_epochs: {choice: [0, 3]}
                """);
        assertTrue(e.getMessage().contains("sweep.parameters.train.warmup_epochs: value 3")
                && e.getMessage().contains("warmup_epochs must be in [0, epochs)"), e.getMessage());
    }
}
