package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.heartsounds.core.Provenance;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.model.TorchCompatibleLayers;
import org.heartsounds.trainer.run.ModelArchive;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test fixtures for the export: networks with non-trivial weights, run folders, ONNX Runtime, external tools. */
public final class ExportFixtures {
    static final List<String> LABELS = List.of("AS", "MR", "MS", "MVP", "N");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportFixtures() {
    }

    /**
     * A ResNet-18 with random weights whose BatchNorm layers also have random scale, shift, running mean and
     * variance (freshly initialised ones are the identity, which would hide a swapped parameter), and a head scaled
     * so that the softmax is not saturated.
     */
    static ComputationGraph resNet18(int size, int classes, long seed) {
        ComputationGraph g = ResNet18.builder().setNumClasses(classes).optInputSize(size).optSeed(seed).build();
        randomizeBatchNorm(g, seed);
        g.getLayer(ResNet18.HEAD).getParam("W").muli(0.1);
        g.getLayer(ResNet18.HEAD).getParam("b").assign(Nd4j.rand(new Random(seed).nextLong(), new long[] {1, classes})
                .subi(0.5));
        return g;
    }

    /** Gives every BatchNorm layer gamma in [0.5, 1.5], beta and mean in [-0.2, 0.2], var in [0.5, 2]. */
    static void randomizeBatchNorm(ComputationGraph g, long seed) {
        Random r = new Random(seed);
        for (GraphVertex v : g.getVertices()) {
            if (!v.hasLayer() || !(v.getLayer().conf().getLayer() instanceof BatchNormalization)) {
                continue;
            }
            var layer = v.getLayer();
            for (String key : List.of("gamma", "beta", "mean", "var", "log10stdev")) {
                INDArray p = layer.getParam(key);
                if (p == null) {
                    continue;
                }
                INDArray u = Nd4j.rand(r.nextLong(), p.shape()).castTo(p.dataType());
                switch (key) {
                    case "gamma" -> p.assign(u.addi(0.5));
                    case "var" -> p.assign(u.muli(1.5).addi(0.5));
                    case "log10stdev" -> p.assign(u.muli(0.6).subi(0.3));
                    default -> p.assign(u.muli(0.4).subi(0.2));
                }
            }
        }
    }

    /**
     * The fixed small graph of the golden file: conv (bias) -> BN -> ReLU -> max pool -> conv (fused ReLU) added to
     * the pooled map -> ReLU -> global average pool -> dense (ReLU) -> softmax output, 3x8x8 input, 3 classes.
     */
    static ComputationGraph smallGraph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("stem", TorchCompatibleLayers.conv(3, 4, 3, 1, 1, true), "image")
                .addLayer("stem_bn", TorchCompatibleLayers.batchNorm(4), "stem")
                .addLayer("stem_relu", TorchCompatibleLayers.activation(Activation.RELU), "stem_bn")
                .addLayer("pool", TorchCompatibleLayers.maxPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}),
                        "stem_relu")
                .addLayer("branch", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).stride(1, 1)
                        .padding(1, 1).nIn(4).nOut(4).hasBias(false).activation(Activation.RELU).build(), "pool")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool", "branch")
                .addLayer("sum_relu", TorchCompatibleLayers.activation(Activation.RELU), "sum")
                .addLayer("gap", TorchCompatibleLayers.globalAvgPool(true), "sum_relu")
                .addLayer("hidden", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(4).nOut(6)
                        .activation(Activation.RELU).build(), "gap")
                .addLayer("out", TorchCompatibleLayers.softmaxOutput(6, 3, true), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomizeBatchNorm(g, seed);
        return g;
    }

    /**
     * A small residual CNN with ResNet-18's vertex types (conv, BN, ReLU, max pool, add, global average pool, softmax
     * fc) for run-level tests, where a 45 MB ResNet-18 archive would only cost time: {@code size}x{@code size} RGB
     * input, {@code classes} outputs, random BatchNorm statistics.
     */
    public static ComputationGraph tinyCnn(int size, int classes, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs(ResNet18.INPUT)
                .setInputTypes(InputType.convolutional(size, size, 3))
                .addLayer("conv1", TorchCompatibleLayers.conv(3, 8, 3, 2, 1, false), ResNet18.INPUT)
                .addLayer("bn1", TorchCompatibleLayers.batchNorm(8), "conv1")
                .addLayer("relu", TorchCompatibleLayers.activation(Activation.RELU), "bn1")
                .addLayer("maxpool", TorchCompatibleLayers.maxPool(new int[] {3, 3}, new int[] {2, 2},
                        new int[] {1, 1}), "relu")
                .addLayer("conv2", TorchCompatibleLayers.conv(8, 8, 3, 1, 1, false), "maxpool")
                .addLayer("bn2", TorchCompatibleLayers.batchNorm(8), "conv2")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn2", "maxpool")
                .addLayer("relu2", TorchCompatibleLayers.activation(Activation.RELU), "add")
                .addLayer(ResNet18.POOL, TorchCompatibleLayers.globalAvgPool(true), "relu2")
                .addLayer(ResNet18.HEAD, TorchCompatibleLayers.softmaxOutput(8, classes, true), ResNet18.POOL)
                .setOutputs(ResNet18.HEAD)
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomizeBatchNorm(g, seed);
        return g;
    }

    /** Softmax probabilities of an ONNX file for each input (a batch of one each), in one ONNX Runtime session. */
    static float[][] ortProbabilities(Path onnx, List<INDArray> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] out = new float[inputs.size()][];
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(onnx.toString(), o)) {
                for (int i = 0; i < out.length; i++) {
                    INDArray input = inputs.get(i);
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(Nd4j.toFlattened('c',
                            input.castTo(DataType.FLOAT)).toFloatVector()), input.shape());
                         OrtSession.Result r = s.run(Map.of(OnnxGraphExporter.INPUT, x))) {
                        out[i] = ((float[][]) r.get(0).getValue())[0];
                    }
                }
            }
        }
        return out;
    }

    /** The metadata of an ONNX file as ONNX Runtime reads it. */
    static Map<String, String> ortMetadata(Path onnx) throws OrtException {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx.toString())) {
            return s.getMetadata().getCustomMetadata();
        }
    }

    static Path write(Onnx.ModelProto model, Path file) throws IOException {
        Files.write(file, model.toByteArray());
        return file;
    }

    /**
     * A run folder as {@code heartsounds train} leaves it (config.yaml, labels.txt, provenance.json, model.zip) for
     * {@code graph} trained on {@code data}, without the training.
     */
    public static Path runFolder(Path dir, TinyDataset.Prepared data, ComputationGraph graph) throws IOException {
        RunFolder run = new RunFolder(dir);
        Files.createDirectories(dir);
        Recipe recipe = data.recipe(Map.of("train.out", "'" + dir + "'"));
        String yaml = ConfigLoader.toYaml(recipe);
        Files.writeString(run.config(), yaml);
        Files.writeString(run.labels(), JetsonLayout.formatLabels(data.data().labels()));
        Provenance p = Provenance.capture(recipe.seed(), Sha256.of(yaml), data.data().manifestSha256())
                .withExtra("dataset", data.root().toAbsolutePath().toString());
        String provenance = JSON.writeValueAsString(p);
        Files.writeString(run.provenance(), provenance);
        ModelArchive.write(run.model(), graph, data.data().labels(), yaml, provenance);
        return dir;
    }

    /**
     * A copy of a prepared dataset whose test recordings are moved to the validation split (manifest and folders),
     * so that it has no test images.
     */
    public static Path withoutTestSplit(Path prepared, Path copy) throws IOException {
        try (var files = Files.walk(prepared)) {
            for (Path p : files.toList()) {
                Path rel = prepared.relativize(p);
                boolean test = rel.getNameCount() > 0 && rel.getName(0).toString().equals("test");
                Path dest = !test ? copy.resolve(rel.toString()) : rel.getNameCount() == 1 ? copy.resolve("val")
                        : copy.resolve("val").resolve(rel.subpath(1, rel.getNameCount()).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest);
                }
            }
        }
        Path manifest = copy.resolve(JetsonLayout.MANIFEST);
        List<String> lines = Files.readAllLines(manifest);
        int split = List.of(lines.get(0).split(",", -1)).indexOf("split");
        List<String> out = new java.util.ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length > split && cells[split].equals("test")) {
                cells[split] = "val";
            }
            out.add(String.join(",", cells));
        }
        Files.write(manifest, out);
        return copy;
    }

    /**
     * Skips the calling test when an external tool is missing, except on CI ({@code CI=true}), where the tools are
     * installed and a silent skip would hide a broken check: there it fails.
     */
    static void assumeTool(boolean available, String what) {
        if (available) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(what + " is required on CI (CI=true) but is not available");
        }
        Assumptions.assumeTrue(false, what + " is not available");
    }

    /** Whether /usr/bin/python3 imports {@code module}. */
    static boolean pythonHas(String module) {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module).redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs /usr/bin/python3 with {@code args}; returns exit code and output (stdout + stderr). */
    static ProcessOutput python(Map<String, String> env, Path workDir, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            b.directory(workDir.toFile());
        }
        b.environment().putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new ProcessOutput(p.waitFor(), out);
    }

    record ProcessOutput(int code, String output) {
    }
}
