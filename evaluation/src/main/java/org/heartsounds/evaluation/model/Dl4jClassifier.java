package org.heartsounds.evaluation.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.Inference;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A DL4J {@link ComputationGraph} as a {@link ClassifierModel}: a model zip written by {@link ModelArchive} (a run's
 * model.zip) or a network in memory. Forward passes run in inference mode, {@code batch} images at a time
 * ({@link Inference#probabilities}). A graph whose output layer is not a softmax (raw logits, e.g. ResNet-18 built
 * with {@code logitsOutput()}) gets the softmax applied here, so {@link #probabilities} always returns probabilities.
 *
 * <p>DL4J M2.1 does not keep a graph's input size in its configuration, so the size comes from the recipe: the one
 * in the archive, else the fallback given to {@link #read(Path, Recipe)}.
 */
public final class Dl4jClassifier implements ClassifierModel {
    /** Images per forward pass when the recipe does not say ({@code train.eval_batch_size}). */
    public static final int DEFAULT_BATCH = 64;
    private static final double NORMALISER_TOLERANCE = 1e-3;

    private final ComputationGraph graph;
    private final List<String> labels;
    private final int height;
    private final int width;
    private final int batch;
    private final Recipe recipe;
    private final Path source;
    private final boolean softmaxOutput;
    private final boolean sigmoidOutput;
    private final DecisionThresholds thresholds;
    /** The graph optimised for inference, or null to run {@link #graph} itself. */
    private final InferenceGraphOptimizer.Optimized tuned;

    private Dl4jClassifier(ComputationGraph graph, List<String> labels, int height, int width, int batch,
                           Recipe recipe, Path source) {
        this(graph, labels, height, width, batch, recipe, source, null, null);
    }

    private Dl4jClassifier(ComputationGraph graph, List<String> labels, int height, int width, int batch,
                           Recipe recipe, Path source, InferenceGraphOptimizer.Optimized tuned,
                           DecisionThresholds thresholds) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.labels = List.copyOf(labels);
        this.height = height;
        this.width = width;
        this.batch = batch;
        this.recipe = recipe;
        this.source = source;
        if (height < 1 || width < 1 || batch < 1) {
            throw new IllegalArgumentException("height, width and batch must be positive: " + height + ", "
                    + width + ", " + batch);
        }
        IActivation activation = checkOutput(graph, labels.size(), source == null ? "network" : source.toString());
        this.softmaxOutput = activation instanceof ActivationSoftmax;
        this.sigmoidOutput = activation instanceof ActivationSigmoid;
        this.tuned = tuned;
        if (thresholds != null && !thresholds.labels().equals(this.labels)) {
            throw new BadInputException(source == null ? "network" : source.toString(), "its thresholds are for "
                    + thresholds.labels() + ", its labels are " + this.labels);
        }
        this.thresholds = thresholds;
    }

    /**
     * A network in memory.
     *
     * @param recipe its training recipe, or null
     */
    public static Dl4jClassifier of(ComputationGraph graph, List<String> labels, int height, int width, int batch,
                                    Recipe recipe) {
        return new Dl4jClassifier(graph, labels, height, width, batch, recipe, null);
    }

    /** Reads a model zip written by {@link ModelArchive}; the input size comes from its recipe. */
    public static Dl4jClassifier read(Path zip) {
        return read(zip, Recipe.defaults());
    }

    /**
     * Reads a model zip written by {@link ModelArchive}.
     *
     * @param fallback gives the input size when the archive carries no recipe
     */
    public static Dl4jClassifier read(Path zip, Recipe fallback) {
        ModelArchive.Loaded loaded = ModelArchive.read(zip);
        checkNormaliser(loaded.normalizer(), zip);
        Recipe recipe = loaded.recipeYaml() == null ? null
                : ModelRecipes.parse(loaded.recipeYaml(), zip + "!" + ModelArchive.RECIPE_ENTRY);
        Recipe sizes = recipe != null ? recipe : fallback;
        int batch = recipe != null ? recipe.train().evalBatchSize() : DEFAULT_BATCH;
        DecisionThresholds thresholds = loaded.thresholdsJson() == null ? null
                : DecisionThresholds.fromJson(loaded.thresholdsJson(), zip + "!" + ModelArchive.THRESHOLDS_ENTRY);
        return new Dl4jClassifier(loaded.graph(), loaded.labels(), sizes.spectrogram().height(),
                sizes.spectrogram().width(), batch, recipe, zip, null, thresholds);
    }

    /** This in-memory model with the decision thresholds of a multi-label run. */
    public Dl4jClassifier withThresholds(DecisionThresholds t) {
        return new Dl4jClassifier(graph, labels, height, width, batch, recipe, source, tuned, t);
    }

    @Override
    public boolean multilabel() {
        return sigmoidOutput;
    }

    @Override
    public Optional<DecisionThresholds> thresholds() {
        return Optional.ofNullable(thresholds);
    }

    /**
     * This model with its graph optimised for inference by {@link InferenceGraphOptimizer} (BatchNorm folded into
     * the convolutions, ReLUs fused; oneDNN helpers as the recipe's {@code train.fast_path} says):
     * the same probabilities up to float rounding (the optimiser's tests hold it to 1e-5), faster at batch 1 (measured
     * with {@code heartsounds bench infer --threads 2}: median 36.8 against 56.7 ms at 224 px). {@code predict} uses it; the graph itself is left as it is.
     */
    public Dl4jClassifier tunedForInference() {
        if (tuned != null) {
            return this;
        }
        boolean helpers = recipe == null || recipe.train().fastPath();
        return new Dl4jClassifier(graph, labels, height, width, batch, recipe, source,
                InferenceGraphOptimizer.optimize(graph, helpers), thresholds);
    }

    /** Whether {@link #probabilities} runs the graph optimised for inference ({@link #tunedForInference()}). */
    public boolean tuned() {
        return tuned != null;
    }

    /** The network itself. */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public int inputHeight() {
        return height;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public Optional<Recipe> recipe() {
        return Optional.ofNullable(recipe);
    }

    @Override
    public INDArray probabilities(INDArray nchw) {
        checkInput(nchw);
        INDArray in = nchw.castTo(DataType.FLOAT);
        INDArray out = (tuned == null ? Inference.probabilities(graph, in, batch)
                : Inference.inBatches(tuned::output, in, batch))
                .castTo(DataType.FLOAT);
        return softmaxOutput || sigmoidOutput ? out : Transforms.softmax(out, true);
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public String format() {
        return "DL4J";
    }

    @Override
    public void close() {
        // the graph's memory belongs to the JVM; nothing native to release
    }

    /** One output layer with one unit per label; returns its activation. */
    private static IActivation checkOutput(ComputationGraph graph, int numLabels, String source) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) {
            throw new BadInputException(source, "the network has " + outputs.size() + " outputs " + outputs
                    + "; a classifier has one");
        }
        Layer layer = graph.getLayer(outputs.get(0));
        if (layer == null || !(layer.conf().getLayer() instanceof FeedForwardLayer ff)) {
            throw new BadInputException(source, "the network's output '" + outputs.get(0)
                    + "' is not a dense or output layer");
        }
        if (ff.getNOut() != numLabels) {
            throw new BadInputException(source, "the network has " + ff.getNOut() + " outputs but " + numLabels
                    + " labels");
        }
        return ff.getActivationFn();
    }

    /** Archives written by this project carry ImageNet's normaliser; anything else would need other inputs. */
    private static void checkNormaliser(DataNormalization stored, Path zip) {
        if (stored == null) {
            return;
        }
        NormalizerStandardize expected = ImageNetNormalization.normalizer();
        if (!(stored instanceof NormalizerStandardize s) || !close(s.getMean(), expected.getMean())
                || !close(s.getStd(), expected.getStd())) {
            throw new BadInputException(zip, "stores an input normaliser other than ImageNet's mean/std "
                    + "(" + stored.getClass().getSimpleName() + "); heartsounds feeds ImageNet-normalised pixels");
        }
    }

    private static boolean close(INDArray a, INDArray b) {
        if (a == null || a.length() != b.length()) {
            return false;
        }
        INDArray d = Transforms.abs(a.castTo(DataType.DOUBLE).reshape(b.length()).sub(
                b.castTo(DataType.DOUBLE).reshape(b.length())));
        return d.maxNumber().doubleValue() <= NORMALISER_TOLERANCE * 255;
    }
}
