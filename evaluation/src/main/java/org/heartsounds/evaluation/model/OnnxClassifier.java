package org.heartsounds.evaluation.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX image classifier run by ONNX Runtime (Java API, CPU) as a {@link ClassifierModel}. The model has one
 * float32 input {@code [batch, 3, H, W]} with static H and W and one float32 output {@code [batch, classes]}; the
 * batch dimension may be symbolic (batches of up to {@link #MAX_BATCH} are fed) or static (jetson-inference's
 * exports are batch 1: images are fed that many at a time, the last group padded with zeros whose outputs are
 * dropped). Outputs are turned into probabilities as {@link OnnxOutputKind} reads them from the graph.
 *
 * <p>Labels: see {@link OnnxLabels}. Recipe: the metadata property {@value #RECIPE_KEY} (the training recipe's
 * YAML, written by heartsounds' exporter) when present; its spectrogram size must equal the input size.
 *
 * <p>The file is untrusted: its size is bounded ({@link #MAX_FILE_BYTES}) and ONNX Runtime only interprets the
 * graph; nothing in the file is executed as code.
 */
public final class OnnxClassifier implements ClassifierModel {
    /** Metadata property holding the training recipe (YAML). */
    public static final String RECIPE_KEY = "heartsounds.recipe";
    /** A heartsounds multi-label export's thresholds, folded into its output (export.OnnxMetadata#THRESHOLDS). */
    public static final String THRESHOLDS_KEY = "heartsounds.thresholds";
    /** Metadata property holding the labels (joined by LF). */
    public static final String LABELS_KEY = OnnxLabels.METADATA_KEY;
    /** Largest model file loaded (1 GiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Images per run for models with a symbolic batch dimension. */
    public static final int MAX_BATCH = 32;
    /** Largest static batch dimension accepted. */
    public static final int MAX_STATIC_BATCH = 1024;

    private final Path file;
    private final OrtModel ort;
    private final int staticBatch;
    private final int height;
    private final int width;
    private final List<String> labels;
    private final String labelsSource;
    private final Recipe recipe;
    private final OnnxOutputKind outputKind;
    /** Set by {@link #read} for a heartsounds multi-label export. */
    private DecisionThresholds folded;
    private final List<String> warnings;

    private OnnxClassifier(Path file, OrtModel ort, Input input, OnnxLabels.Found labels, Recipe recipe,
                           OnnxOutputKind outputKind, List<String> warnings) {
        this.file = file;
        this.ort = ort;
        this.staticBatch = input.staticBatch();
        this.height = input.height();
        this.width = input.width();
        this.labels = List.copyOf(labels.labels());
        this.labelsSource = labels.source();
        this.recipe = recipe;
        this.outputKind = outputKind;
        this.warnings = List.copyOf(warnings);
    }

    /** Loads {@code file} into an ONNX Runtime session and checks its input, output, labels and recipe. */
    public static OnnxClassifier open(Path file) {
        byte[] bytes = readBounded(file);
        OrtModel ort = OrtModel.open(file, bytes, 0);
        OrtSession session = ort.session();
        try {
            Input input = Input.of(session, file);
            String outputName = checkOutput(session, file);
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            OnnxLabels.Found labels = OnnxLabels.find(file, metadata);
            int classes = outputClasses(session, outputName);
            if (classes > 0 && classes != labels.labels().size()) {
                throw new BadInputException(labels.source(), "lists " + labels.labels().size() + " labels but "
                        + file.getFileName() + " has " + classes + " outputs");
            }
            Recipe recipe = null;
            String yaml = metadata.get(RECIPE_KEY);
            if (yaml != null) {
                recipe = ModelRecipes.parse(yaml, file + "#" + RECIPE_KEY);
                recipe.spectrogram().requireSize(input.width(), input.height(), file + "#" + RECIPE_KEY,
                        "the network", "the recipe", "");
            }
            OnnxOutputKind kind = OnnxOutputKind.of(bytes, outputName, file.toString());
            OnnxClassifier c = new OnnxClassifier(file, ort, input, labels, recipe, kind,
                    jetsonNameWarnings(input.name(), outputName));
            String thresholds = metadata.get(THRESHOLDS_KEY);
            if (thresholds != null && kind == OnnxOutputKind.SIGMOID) {
                c.folded = DecisionThresholds.foldedInto(DecisionThresholds.fromJson(thresholds,
                        file + "#" + THRESHOLDS_KEY));
            }
            return c;
        } catch (OrtException e) {
            ort.closeQuietly();
            throw new BadInputException(file, "ONNX Runtime cannot describe it: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ort.closeQuietly();
            throw e;
        }
    }

    /** Tensor names jetson-inference's {@code imagenet.py} would not find with the bundle's command. */
    static List<String> jetsonNameWarnings(String input, String output) {
        List<String> w = new ArrayList<>();
        if (!JetsonLayout.INPUT_BLOB.equals(input)) {
            w.add("the model's input is named '" + input + "', not '" + JetsonLayout.INPUT_BLOB + "': imagenet.py needs "
                    + "--input-blob=" + input + " (heartsounds export writes " + JetsonLayout.INPUT_BLOB + ")");
        }
        if (!JetsonLayout.OUTPUT_BLOB.equals(output)) {
            w.add("the model's output is named '" + output + "', not '" + JetsonLayout.OUTPUT_BLOB + "': imagenet.py needs "
                    + "--output-blob=" + output + " (heartsounds export writes " + JetsonLayout.OUTPUT_BLOB + ")");
        }
        return w;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** Where the labels came from (metadata property or a labels file). */
    public String labelsSource() {
        return labelsSource;
    }

    @Override
    public int inputHeight() {
        return height;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    /** The static batch size of the input, or 0 when it is symbolic. */
    public int staticBatch() {
        return staticBatch;
    }

    @Override
    public Optional<Recipe> recipe() {
        return Optional.ofNullable(recipe);
    }

    /**
     * A heartsounds multi-label export: its thresholds are folded into {@code output_0}, so every label is decided
     * at 0.5 ({@link DecisionThresholds#foldedInto}); empty for other models.
     */
    @Override
    public java.util.Optional<DecisionThresholds> thresholds() {
        return java.util.Optional.ofNullable(folded);
    }

    /** A sigmoid per label: multi-label outputs (heartsounds exports them with the thresholds folded in). */
    @Override
    public boolean multilabel() {
        return outputKind == OnnxOutputKind.SIGMOID;
    }

    @Override
    public INDArray probabilities(INDArray nchw) {
        checkInput(nchw);
        int n = (int) nchw.size(0);
        int plane = 3 * height * width;
        float[] all = Nd4j.toFlattened('c', nchw.castTo(DataType.FLOAT)).toFloatVector();
        int group = staticBatch > 0 ? staticBatch : Math.min(n, MAX_BATCH);
        float[][] raw = new float[n][];
        for (int from = 0; from < n; from += group) {
            int valid = Math.min(group, n - from);
            float[] part = new float[group * plane];
            System.arraycopy(all, from * plane, part, 0, valid * plane);
            float[][] out = run(part, group);
            System.arraycopy(out, 0, raw, from, valid);
        }
        return outputKind.toProbabilities(Nd4j.createFromArray(raw));
    }

    private float[][] run(float[] images, int count) {
        long[] shape = {count, 3, height, width};
        try {
            OrtModel.Output out = ort.run(images, shape);
            long[] s = out.shape();
            if (s.length != 2 || s[0] != count || s[1] != labels.size()) {
                throw new IllegalStateException(file + ": output shape " + Arrays.toString(s) + " for " + count
                        + " images, expected [" + count + ", " + labels.size() + "]");
            }
            float[][] rows = new float[count][labels.size()];
            for (int i = 0; i < count; i++) {
                System.arraycopy(out.values(), i * labels.size(), rows[i], 0, labels.size());
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Path source() {
        return file;
    }

    @Override
    public String format() {
        return "ONNX";
    }

    @Override
    public void close() {
        ort.closeQuietly();
    }

    private static byte[] readBounded(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, Files.exists(file) ? "is not a regular file" : "does not exist");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new BadInputException(file, "is " + size + " bytes, larger than the " + MAX_FILE_BYTES
                        + " bytes an ONNX model may have here");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The single image input: name, static batch (0 = symbolic), height, width. */
    private record Input(String name, int staticBatch, int height, int width) {
        static Input of(OrtSession session, Path file) throws OrtException {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new BadInputException(file, "has " + inputs.size() + " inputs " + inputs.keySet()
                        + "; an image classifier has one");
            }
            NodeInfo info = inputs.values().iterator().next();
            long[] s = tensorShape(info, file, "input");
            if (s.length != 4 || s[1] != 3 || s[2] < 1 || s[3] < 1) {
                throw new BadInputException(file, "input '" + info.getName() + "' has shape " + Arrays.toString(s)
                        + "; expected [batch, 3, H, W] with static H and W");
            }
            if (s[2] > Integer.MAX_VALUE / 3 || s[3] > Integer.MAX_VALUE / 3 || s[0] > MAX_STATIC_BATCH) {
                throw new BadInputException(file, "input shape " + Arrays.toString(s) + " is too large");
            }
            return new Input(info.getName(), s[0] > 0 ? (int) s[0] : 0, (int) s[2], (int) s[3]);
        }
    }

    private static String checkOutput(OrtSession session, Path file) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (outputs.size() != 1) {
            throw new BadInputException(file, "has " + outputs.size() + " outputs " + outputs.keySet()
                    + "; a classifier has one");
        }
        NodeInfo info = outputs.values().iterator().next();
        long[] s = tensorShape(info, file, "output");
        if (s.length != 2) {
            throw new BadInputException(file, "output '" + info.getName() + "' has shape " + Arrays.toString(s)
                    + "; expected [batch, classes]");
        }
        return info.getName();
    }

    private static int outputClasses(OrtSession session, String name) throws OrtException {
        long c = ((TensorInfo) session.getOutputInfo().get(name).getInfo()).getShape()[1];
        return c > 0 && c <= Integer.MAX_VALUE ? (int) c : -1;
    }

    private static long[] tensorShape(NodeInfo info, Path file, String what) {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new BadInputException(file, what + " '" + info.getName() + "' is not a float32 tensor: "
                    + info.getInfo());
        }
        return t.getShape();
    }
}
