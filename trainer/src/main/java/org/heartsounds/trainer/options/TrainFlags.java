package org.heartsounds.trainer.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.options.RecipeOptions;
import org.heartsounds.data.prepare.DataSources;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The named flags of {@code train} and {@code cv} on top of {@code --config} / {@code --set}; they win over both.
 */
public class TrainFlags {
    @Mixin
    RecipeOptions recipe;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with one sub-folder of WAVs per class.")
    Path data;

    @Option(names = "--prepared", paramLabel = "DIR",
            description = "Prepared dataset folder (data.out); prepared first when it does not exist.")
    Path prepared;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (train.out).")
    Path out;

    @Option(names = "--seed", description = "Random seed (initialisation, shuffling, augmentation, splits).")
    Long seed;

    @Option(names = "--epochs", description = "Maximum epochs (train.epochs).")
    Integer epochs;

    @Option(names = "--freeze", paramLabel = "POLICY",
            description = "none|stem|layer1|layer2|layer3|layer4: freeze up to and including this part.")
    String freeze;

    @Option(names = "--pretrained", paramLabel = "WEIGHTS",
            description = "none | RUN folder or model.zip of an earlier heartsounds training | FILE (.onnx, .pth, "
                    + ".pth.tar) | resnet18-imagenet (see 'heartsounds weights').")
    String pretrained;

    /** The --out flag, or null. */
    public Path outOrNull() {
        return out;
    }

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
        if (prepared != null) {
            flags.put("data.out", RecipeOptions.yamlString(prepared.toString()));
        }
        if (out != null) {
            flags.put("train.out", RecipeOptions.yamlString(out.toString()));
        }
        if (seed != null) {
            flags.put("seed", seed.toString());
        }
        if (epochs != null) {
            flags.put("train.epochs", epochs.toString());
        }
        if (freeze != null) {
            flags.put("train.freeze", freeze);
        }
        if (pretrained != null) {
            flags.put("train.pretrained", RecipeOptions.yamlString(pretrained));
        }
        Recipe r = recipe.resolve(flags);
        return r.withData(DataSources.expand(r.data()));
    }
}
