package org.heartsounds.export;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.model.OrtModel;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.train.Inference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The export check: loads an exported ONNX file in ONNX Runtime (Java) and compares its class probabilities with
 * DL4J's on every image. DL4J gets the images through the training pipeline (DataVec, {@link ImageTensors}); ONNX
 * Runtime gets them through {@link JetsonPreprocessing}, the device's preprocessing written independently, so a pass
 * means the Jetson sees the input training saw and computes the same probabilities. It passes when every image has
 * the same top-1 class on both sides and no probability differs by more than the tolerance (default
 * {@value #MAX_TOLERANCE}).
 */
public final class OrtParityCheck {
    /** The largest tolerance allowed: the bound on the probability difference. */
    public static final double MAX_TOLERANCE = 1e-4;

    private final double tolerance;
    private final int threads;
    private final int batch;

    private OrtParityCheck(Builder b) {
        this.tolerance = b.tolerance;
        this.threads = b.threads;
        this.batch = b.batch;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compares {@code onnxFile} with {@code graph} on {@code images} (classes in {@code labels} order) of the network
     * input size {@code height} x {@code width}. Problems with the ONNX file itself (ONNX Runtime cannot load or run
     * it, wrong names or shapes) are reported in the result, which then fails; unreadable images are bad input.
     */
    public ParityReport check(Path onnxFile, ComputationGraph graph, List<ImageEntry> images, List<String> labels,
                              int height, int width) {
        return check(onnxFile, List.of(graph), images, labels, height, width);
    }

    /** As above against the mean of several networks' probabilities (an exported ensemble). */
    public ParityReport check(Path onnxFile, List<ComputationGraph> graphs, List<ImageEntry> images,
                              List<String> labels, int height, int width) {
        if (images.isEmpty()) {
            return new ParityReport(0, 0, Double.NaN, null, tolerance, 0, List.of("no images to compare"));
        }
        JetsonPreprocessing pre = new JetsonPreprocessing(height, width);
        Tally tally = new Tally();
        OrtModel opened;
        try {
            opened = OrtModel.open(onnxFile, null, threads);
        } catch (BadInputException e) {
            return tally.report(tolerance, List.of("ONNX Runtime failed: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
        try (OrtModel ort = opened) {
            List<String> problems = signatureProblems(ort.session(), pre.shape(), labels.size());
            if (!problems.isEmpty()) {
                return tally.report(tolerance, problems);
            }
            for (int from = 0; from < images.size(); from += batch) {
                List<ImageEntry> chunk = images.subList(from, Math.min(images.size(), from + batch));
                // the check compares DataVec's bilinear resize of odd-sized images with jetson-inference's
                // stretch and fails on them, so it loads them resized rather than refusing them
                INDArray features = ImageTensors.loadResized(chunk, labels, height, width).features();
                INDArray sum = null;
                for (ComputationGraph graph : graphs) {
                    INDArray p = Inference.probabilities(graph, features, chunk.size()).castTo(DataType.FLOAT);
                    sum = sum == null ? p.dup() : sum.addi(p);
                }
                float[][] dl4j = sum.divi(graphs.size()).toFloatMatrix();
                for (int i = 0; i < chunk.size(); i++) {
                    Path png = chunk.get(i).path();
                    BufferedImage image = BoundedImages.read(png);
                    float[] probabilities = ort.run(pre.tensor(image), pre.shape()).values();
                    tally.add(png, dl4j[i], probabilities,
                            image.getWidth() != width || image.getHeight() != height);
                }
            }
        } catch (OrtException e) {
            return tally.report(tolerance, List.of("ONNX Runtime failed: " + e.getMessage()));
        }
        return tally.report(tolerance, List.of());
    }

    /** The model's single input and output must be jetson-inference's names with static shapes. */
    private static List<String> signatureProblems(OrtSession session, long[] inputShape, int classes)
            throws OrtException {
        List<String> problems = new ArrayList<>();
        expect(problems, "input", session.getInputInfo(), OnnxGraphExporter.INPUT, inputShape);
        expect(problems, "output", session.getOutputInfo(), OnnxGraphExporter.OUTPUT, new long[] {1, classes});
        return problems;
    }

    private static void expect(List<String> problems, String what, Map<String, NodeInfo> infos, String name,
                               long[] shape) {
        NodeInfo info = infos.get(name);
        if (infos.size() != 1 || info == null) {
            problems.add("the model's " + what + "s are " + infos.keySet() + ", expected only '" + name + "'");
            return;
        }
        if (!(info.getInfo() instanceof TensorInfo t) || !Arrays.equals(t.getShape(), shape)) {
            problems.add("the model's " + what + " '" + name + "' is " + info.getInfo() + ", expected float "
                    + Arrays.toString(shape));
        }
    }

    /** Running agreement counts and the largest difference. */
    private static final class Tally {
        private int images;
        private int agreements;
        private double maxDiff;
        private String worst;
        private int resized;

        void add(Path image, float[] dl4j, float[] ort, boolean wasResized) {
            images++;
            resized += wasResized ? 1 : 0;
            double diff = dl4j.length == ort.length ? 0 : Double.NaN;
            for (int c = 0; c < Math.min(dl4j.length, ort.length); c++) {
                double d = Math.abs((double) dl4j[c] - ort[c]);
                diff = Double.isNaN(d) ? Double.NaN : Math.max(diff, d);
            }
            if (argMax(dl4j) == argMax(ort) && dl4j.length == ort.length) {
                agreements++;
            }
            if (Double.isNaN(maxDiff)) {
                return; // a NaN stays the result
            }
            if (Double.isNaN(diff) || worst == null || diff > maxDiff) {
                maxDiff = diff;
                worst = image.toString();
            }
        }

        ParityReport report(double tolerance, List<String> problems) {
            return new ParityReport(images, agreements, images == 0 ? Double.NaN : maxDiff, worst, tolerance,
                    resized, problems);
        }

        private static int argMax(float[] p) {
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (p[i] > p[best] || Float.isNaN(p[i])) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** Options of an {@link OrtParityCheck}. */
    public static final class Builder {
        private double tolerance = MAX_TOLERANCE;
        private int threads = 0;
        private int batch = 32;

        private Builder() {
        }

        /** Largest accepted absolute probability difference, in [0, {@value #MAX_TOLERANCE}]. */
        public Builder optTolerance(double tolerance) {
            if (!(tolerance >= 0 && tolerance <= MAX_TOLERANCE)) {
                throw new IllegalArgumentException("tolerance must be in [0, " + MAX_TOLERANCE + "], got "
                        + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /** ONNX Runtime intra-op threads (0, the default, lets ONNX Runtime choose). */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Images loaded and run through DL4J at a time (default 32; bounds memory on large test splits). */
        public Builder optBatch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            }
            this.batch = batch;
            return this;
        }

        public OrtParityCheck build() {
            return new OrtParityCheck(this);
        }
    }
}
