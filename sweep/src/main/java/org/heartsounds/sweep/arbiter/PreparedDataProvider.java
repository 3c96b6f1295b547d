package org.heartsounds.sweep.arbiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.train.TrainingEvents;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Arbiter data provider of a sweep: a candidate's data parameters hold its recipe ({@link #RECIPE}); the data is the
 * prepared dataset of that recipe, prepared once per distinct preparation (everything but {@code train}, see
 * {@link Recipe#samePreparation}) under {@code <cache>/<hash>/}, where the hash is of the preparation parts of the
 * recipe without {@code data.out}. Candidates that share the spectrogram parameters therefore share one folder.
 * {@link #trainData} gives the {@link PreparedDataset}; {@link #testData} gives what a candidate is scored on, which
 * is the validation split (the test split never takes part in selection).
 *
 * <p>An interrupted preparation is completed by the next candidate that needs it (the preparer skips finished
 * images and writes its manifest last).
 */
public final class PreparedDataProvider implements DataProvider {
    /** Data parameter: the candidate's {@link Recipe}. */
    public static final String RECIPE = "recipe";
    /** Hex digits of the preparation hash in a folder name. */
    public static final int HASH_CHARS = 16;
    /** Folder of the preparation lock files, beside the prepared folders. */
    public static final String LOCKS = ".locks";

    private String cacheRoot;
    private int threads;
    @JsonIgnore
    private transient TrainingEvents events = TrainingEvents.NONE;

    /** For Arbiter's JSON deserialisation. */
    private PreparedDataProvider() {
    }

    /**
     * @param cacheRoot folder of the prepared datasets ({@code <sweep.out>/data})
     * @param threads   preparation threads (0 = the preparer's default)
     * @param events    where "preparing ..." lines go
     */
    public PreparedDataProvider(Path cacheRoot, int threads, TrainingEvents events) {
        this.cacheRoot = cacheRoot.toString();
        this.threads = threads;
        this.events = events;
    }

    /** The hash naming the prepared folder of {@code recipe}: SHA-256 of its preparation parts, without data.out. */
    public static String preparationHash(Recipe recipe) {
        DataSpec d = recipe.data();
        Recipe parts = recipe.withTrain(TrainSpec.defaults()).withoutEngine()
                .withData(d.withLocations(d.dir(), d.manifest(), ""));
        return Sha256.of(ConfigLoader.toYaml(parts)).substring(0, HASH_CHARS);
    }

    /** The prepared folder of {@code recipe}. */
    public Path folderOf(Recipe recipe) {
        return Path.of(cacheRoot).resolve(preparationHash(recipe));
    }

    /** {@code recipe} with {@code data.out} set to its prepared folder. */
    public Recipe withPreparedFolder(Recipe recipe) {
        DataSpec d = recipe.data();
        return recipe.withData(d.withLocations(d.dir(), d.manifest(), folderOf(recipe).toString()));
    }

    @Override
    public PreparedDataset trainData(Map<String, Object> dataParameters) {
        Recipe recipe = recipeOf(dataParameters);
        try {
            return ensure(withPreparedFolder(recipe));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validation split of the candidate's prepared data as tensors: what the score function scores on. */
    @Override
    public ImageTensors testData(Map<String, Object> dataParameters) {
        Recipe recipe = recipeOf(dataParameters);
        PreparedDataset data = trainData(dataParameters);
        return recipe.train().multilabel()
                ? ImageTensors.loadMultiHot(data.images(Split.VAL), data.labels(), recipe.spectrogram().height(),
                        recipe.spectrogram().width())
                : ImageTensors.load(data.images(Split.VAL), data.labels(), recipe.spectrogram().height(),
                        recipe.spectrogram().width());
    }

    @Override
    public Class<?> getDataType() {
        return PreparedDataset.class;
    }

    /** One lock per prepared folder for the threads of this JVM; the file lock holds off other JVMs. */
    private static final Map<Path, Object> FOLDER_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Prepares the folder unless its manifest is there. Candidates that run at once (in this JVM or on other
     * machines of a cluster) take turns on a folder through {@code .locks/<hash>.lock} beside it, so it is prepared
     * once.
     */
    private PreparedDataset ensure(Recipe recipe) throws IOException {
        Path root = Path.of(recipe.data().out());
        if (!Files.isRegularFile(root.resolve(JetsonLayout.MANIFEST))) {
            Path absolute = root.toAbsolutePath().normalize();
            synchronized (FOLDER_LOCKS.computeIfAbsent(absolute, k -> new Object())) {
                Path locks = Files.createDirectories(absolute.resolveSibling(LOCKS));
                Path lock = locks.resolve(absolute.getFileName() + ".lock");
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                     java.nio.channels.FileLock ignored = ch.lock()) {
                    prepareUnlessDone(recipe, root);
                }
            }
        }
        PreparedDataset data = PreparedDataset.open(root);
        if (!preparationHash(data.recipe()).equals(preparationHash(recipe))) {
            throw new BadInputException(root, "holds a dataset prepared with another recipe than its name says; "
                    + "delete the folder and resume the sweep");
        }
        return data;
    }

    private void prepareUnlessDone(Recipe recipe, Path root) throws IOException {
        TrainingEvents events = this.events == null ? TrainingEvents.NONE : this.events;
        if (!Files.isRegularFile(root.resolve(JetsonLayout.MANIFEST))) {
            events.line("preparing " + root + " ...");
            DatasetPreparer.Builder b = DatasetPreparer.builder().setRecipe(recipe);
            if (threads > 0) {
                b.optThreads(threads);
            }
            PrepareResult r = b.build().prepare();
            events.line(String.format(Locale.ROOT, "prepared %d recordings -> %d images in %.1f s", r.recordings(),
                    r.images(), r.seconds()));
        }
    }

    private static Recipe recipeOf(Map<String, Object> dataParameters) {
        if (dataParameters == null || !(dataParameters.get(RECIPE) instanceof Recipe r)) {
            throw new IllegalArgumentException("data parameters must hold the candidate's recipe under '" + RECIPE
                    + "'");
        }
        return r;
    }
}
