package org.heartsounds.data.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.options.RecipeOptions;
import org.heartsounds.data.prepare.DataSources;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The named data flags of the {@code data} commands ({@code --data}, {@code --manifest}, {@code --out},
 * {@code --seed}) on top of {@code --config} / {@code --set}; they win over both.
 */
public class RecipeFlags {
    @Mixin
    RecipeOptions recipe;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with one sub-folder of WAVs per class.")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", description = "CSV manifest (UTF-8, header row): path,label[,group][,split]; several labels joined by ';'; "
            + "paths relative to the manifest's folder or absolute ('heartsounds data manifest' writes one from a "
            + "published label file).")
    Path manifest;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--seed", description = "Random seed (splits).")
    Long seed;

    /** The resolved recipe, with environment variables in data paths expanded. */
    public Recipe resolve() {
        return resolve(Map.of());
    }

    /** The resolved recipe with further named flags ({@code engine.name}, ...) on top. */
    public Recipe resolve(Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>(more);
        if (data != null) {
            flags.put("data.dir", RecipeOptions.yamlString(data.toString()));
            flags.put("data.manifest", "null");
        }
        if (manifest != null) {
            flags.put("data.manifest", RecipeOptions.yamlString(manifest.toString()));
            flags.put("data.dir", "null");
        }
        if (out != null) {
            flags.put("data.out", RecipeOptions.yamlString(out.toString()));
        }
        if (seed != null) {
            flags.put("seed", seed.toString());
        }
        Recipe r = recipe.resolve(flags);
        return r.withData(DataSources.expand(r.data()));
    }
}
