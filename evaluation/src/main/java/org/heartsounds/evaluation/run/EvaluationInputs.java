package org.heartsounds.evaluation.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;

/**
 * What an evaluation reads and where it writes, from what a user names: the model of a run folder, the prepared
 * dataset (given, or the recipe's {@code data.out}), and the default report folder next to the model.
 */
public final class EvaluationInputs {
    private EvaluationInputs() {
    }

    /** The best model ({@code model.zip}) of a finished training run folder; bad input otherwise. */
    public static Path modelOfRun(Path run) {
        if (!Files.isDirectory(run)) {
            throw new BadInputException(run, Files.exists(run) ? "is not a folder; use --model for a model file"
                    : "run folder not found");
        }
        Path model = new RunFolder(run).model();
        if (!Files.isRegularFile(model)) {
            throw new BadInputException(run, "has no " + RunFolder.MODEL + " (not a finished training run) and "
                    + "no folds.csv (not a cross-validation run)");
        }
        return model;
    }

    /**
     * {@code data} when given, else the {@code data.out} folder of {@code recipe} (null: none), which must hold a
     * prepared dataset.
     *
     * @param recipeSource names the recipe in errors, e.g. "the model's recipe"
     */
    public static PreparedDataset dataset(Path data, Recipe recipe, String recipeSource) {
        if (data != null) {
            return PreparedDataset.open(data);
        }
        if (recipe == null || recipe.data().out() == null) {
            throw new BadInputException("no prepared dataset", recipeSource + " does not name one; pass --data DIR");
        }
        Path dir = Path.of(recipe.data().out());
        if (!Files.isRegularFile(dir.resolve(JetsonLayout.MANIFEST))) {
            throw new BadInputException(dir, "named by " + recipeSource + " (data.out) is not a prepared dataset "
                    + "here; pass --data DIR");
        }
        return PreparedDataset.open(dir);
    }

    /** RUN/eval-SPLIT for a run folder or its model.zip; MODEL-eval-SPLIT next to any other model file. */
    public static Path defaultOut(Path model, Split part) {
        String suffix = "eval-" + part.folderName();
        if (Files.isDirectory(model)) {
            return model.resolve(suffix);
        }
        Path parent = model.toAbsolutePath().getParent();
        String name = model.getFileName().toString();
        if (name.equals(RunFolder.MODEL) && Files.isRegularFile(parent.resolve(RunFolder.CONFIG))) {
            return parent.resolve(suffix);
        }
        int dot = name.lastIndexOf('.');
        return parent.resolve((dot > 0 ? name.substring(0, dot) : name) + "-" + suffix);
    }
}
