package org.heartsounds.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;

/** The prepared dataset of a recipe ({@code data.out}), prepared first when it is not there yet. */
public final class PreparedData {
    private PreparedData() {
    }

    /**
     * The dataset in the recipe's {@code data.out}, prepared from {@code data.dir} / {@code data.manifest} first when
     * that folder holds no manifest yet.
     *
     * @param log receives one line when preparation starts and one when it ends
     */
    public static PreparedDataset ensure(Recipe recipe, Consumer<String> log) throws IOException {
        Path root = Path.of(recipe.data().out());
        if (!Files.isRegularFile(root.resolve(JetsonLayout.MANIFEST))) {
            if (recipe.data().dir() == null && recipe.data().manifest() == null) {
                throw new org.heartsounds.core.BadInputException(root, "is not a prepared dataset and the recipe "
                        + "names no data.dir or data.manifest to prepare it from");
            }
            log.accept("preparing " + root + " ...");
            PrepareResult r = DatasetPreparer.builder().setRecipe(recipe).build().prepare();
            log.accept(String.format(java.util.Locale.ROOT, "prepared %d recordings -> %d images in %.1f s",
                    r.recordings(),
                    r.images(), r.seconds()));
        }
        PreparedDataset data = PreparedDataset.open(root);
        List<String> differ = imageDifferences(data.recipe(), recipe);
        if (!differ.isEmpty()) {
            throw new org.heartsounds.core.BadInputException(root, "was prepared with other audio/spectrogram "
                    + "settings than this recipe's (differing keys: " + String.join(", ", differ) + "); set "
                    + "data.out to another folder (it is prepared there) or prepare this one again");
        }
        return data;
    }

    /**
     * The {@code audio.*} and {@code spectrogram.*} keys in which two recipes differ: what the images of a prepared
     * folder depend on besides the recordings (the split is redone by every training and cross-validation).
     */
    public static List<String> imageDifferences(Recipe prepared, Recipe wanted) {
        List<String> keys = new ArrayList<>(ConfigLoader.differences(prepared.audio(), wanted.audio(), "audio"));
        keys.addAll(ConfigLoader.differences(prepared.spectrogram(), wanted.spectrogram(), "spectrogram"));
        return keys;
    }
}
