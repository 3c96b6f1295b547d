package org.heartsounds.trainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.trainer.data.PreparedDataset;

/** The prepared dataset of a recipe ({@code data.out}), prepared first when it is not there yet. */
public final class PreparedData {
    private PreparedData() {
    }

    public static PreparedDataset ensure(Recipe recipe, PrintWriter out) throws IOException {
        Path root = Path.of(recipe.data().out());
        if (!Files.isRegularFile(root.resolve(JetsonLayout.MANIFEST))) {
            if (recipe.data().dir() == null && recipe.data().manifest() == null) {
                throw new org.heartsounds.core.BadInputException(root, "is not a prepared dataset and the recipe "
                        + "names no data.dir or data.manifest to prepare it from");
            }
            out.println("preparing " + root + " ...");
            out.flush();
            PrepareResult r = DatasetPreparer.builder().setRecipe(recipe).build().prepare();
            out.printf(java.util.Locale.ROOT, "prepared %d recordings -> %d images in %.1f s%n", r.recordings(),
                    r.images(), r.seconds());
        }
        return PreparedDataset.open(root);
    }
}
