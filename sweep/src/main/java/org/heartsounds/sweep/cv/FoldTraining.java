package org.heartsounds.sweep.cv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.sweep.engine.TaskOutcome;
import org.heartsounds.sweep.engine.TrainingTask;
import org.heartsounds.trainer.backend.NativeThreads;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;

/**
 * The training of one cross-validation fold in a form an engine can run in another JVM: the prepared dataset's
 * folder, the fold's train and validation recordings (indices into its manifest) and the recipe; trains into
 * {@code fold-K/} exactly as {@link CrossValidationRun} does in this JVM (resuming a started run), which then finds
 * the finished run and evaluates it.
 */
final class FoldTraining implements TrainingTask {
    private static final long serialVersionUID = 1L;

    private final int fold;
    private final String recipeYaml;
    private final String dataRoot;
    private final int[] train;
    private final int[] val;
    private final String runDir;
    private final transient Function<String, Path> catalogue;

    FoldTraining(int fold, Recipe recipe, Path dataRoot, List<Integer> train, List<Integer> val, Path runDir,
                 Function<String, Path> catalogue) {
        this.fold = fold;
        this.recipeYaml = ConfigLoader.toYaml(recipe);
        this.dataRoot = dataRoot.toString();
        this.train = train.stream().mapToInt(Integer::intValue).toArray();
        this.val = val.stream().mapToInt(Integer::intValue).toArray();
        this.runDir = runDir.toString();
        this.catalogue = catalogue;
    }

    @Override
    public String label() {
        return "fold " + fold;
    }

    @Override
    public TaskOutcome execute(int threads) {
        NativeThreads.set(threads);
        long t0 = System.nanoTime();
        Path dir = Path.of(runDir);
        try {
            Recipe recipe = ConfigLoader.loadText(Recipe.class, Recipe.defaults(), recipeYaml, label() + " recipe");
            PreparedDataset data = PreparedDataset.open(Path.of(dataRoot));
            List<ImageEntry> trainImages = data.imagesOf(java.util.Arrays.stream(train).boxed().toList());
            List<ImageEntry> valImages = data.imagesOf(java.util.Arrays.stream(val).boxed().toList());
            TrainingRun.builder().setRecipe(recipe).setData(data).optImages(trainImages, valImages).optRunDir(dir)
                    .optResume(new RunFolder(dir).isStarted()).optEvents(TrainingEvents.NONE)
                    .optCatalogue(catalogue == null ? WeightsLookup.catalogue() : catalogue).build().run();
            return TaskOutcome.ok(null, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            return TaskOutcome.error(String.valueOf(e.getMessage()), (System.nanoTime() - t0) / 1e9);
        } catch (UncheckedIOException e) {
            return TaskOutcome.error(String.valueOf(e.getCause().getMessage()), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException | OutOfMemoryError e) {
            return TaskOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), Files.exists(dir),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
