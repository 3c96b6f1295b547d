package org.heartsounds.evaluation.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.trainer.run.RunFolder;

/**
 * Opens any model the project can run, picking the loader by what the path is:
 * <ul>
 *   <li>a folder with {@code model.zip} (a training run, or one fold of a cross-validation run) → its model.zip;</li>
 *   <li>{@code *.zip} → a DL4J model written by heartsounds ({@link Dl4jClassifier});</li>
 *   <li>{@code *.onnx} → ONNX Runtime ({@link OnnxClassifier}).</li>
 * </ul>
 * Anything else is a {@link BadInputException} saying what was expected.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** {@link #load(Path, Recipe)} with the built-in default recipe as fallback. */
    public static ClassifierModel load(Path path) {
        return load(path, Recipe.defaults());
    }

    /**
     * @param fallback the recipe that gives a DL4J archive without one its input size (ONNX models state their own)
     */
    public static ClassifierModel load(Path path, Recipe fallback) {
        if (Files.isDirectory(path)) {
            Path model = new RunFolder(path).model();
            if (Files.isRegularFile(model)) {
                return Dl4jClassifier.read(model, fallback);
            }
            if (Files.isRegularFile(path.resolve("folds.csv"))) {
                throw new BadInputException(path, "is a cross-validation folder; name one fold's run folder "
                        + "(" + path.resolve("fold-0") + ") as the model");
            }
            throw new BadInputException(path, "is a folder without " + RunFolder.MODEL + " (not a training run "
                    + "folder)");
        }
        if (!Files.exists(path)) {
            throw new BadInputException(path, "model not found");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return Dl4jClassifier.read(path, fallback);
        }
        if (name.endsWith(".onnx")) {
            return OnnxClassifier.open(path);
        }
        throw new BadInputException(path, "is not a model this project can load: expected a run folder, a DL4J "
                + ".zip written by heartsounds or an .onnx file");
    }
}
