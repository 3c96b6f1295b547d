package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heartsounds bench infer}: usage, exit codes and the shape of its tables (one tiny run). */
class BenchInferCommandTest {
    private static final Pattern ENGINE_ROW = Pattern.compile(
            "(ONNX Runtime|DL4J|DL4J tuned)\\s+\\d+\\.\\d{2}\\s+\\d+\\.\\d{2}\\s+\\d+\\.\\d{2}");
    private static final Pattern PREDICT_ROW = Pattern.compile(
            "\\s+32\\s+\\d+\\.\\d(\\s+\\d+\\.\\d{2}){6}");

    @TempDir
    Path dir;

    @Test
    void helpListsInferAndItsOptions() {
        CliRun bench = CliRun.run("bench", "--help");
        assertEquals(0, bench.code());
        assertTrue(bench.out().contains("infer"), bench.out());
        CliRun infer = CliRun.run("bench", "infer", "--help");
        assertEquals(0, infer.code());
        for (String option : new String[] {"--model", "--size", "--warmup", "--runs", "--threads", "--helpers",
            "--wavs", "--wav-count", "--predict-sizes", "--passes", "--no-predict"}) {
            assertTrue(infer.out().contains(option), option + " in\n" + infer.out());
        }
        assertTrue(infer.out().replaceAll("\\s+", " ").contains("(default: 224,96, the default recipe's"),
                infer.out());
    }

    @Test
    void badOptionsAreExitTwoNamingTheProblem() {
        CliRun helpers = CliRun.run("bench", "infer", "--helpers", "maybe");
        assertEquals(2, helpers.code());
        assertTrue(helpers.err().contains("--helpers must be on or off, got 'maybe'"), helpers.err());
        assertEquals(2, CliRun.run("bench", "infer", "--runs", "0").code());
        assertEquals(2, CliRun.run("bench", "infer", "--warmup", "-1").code());
        assertEquals(2, CliRun.run("bench", "infer", "--threads", "0").code());
        assertEquals(2, CliRun.run("bench", "infer", "--size", "4").code());
        CliRun sizes = CliRun.run("bench", "infer", "--predict-sizes", "16");
        assertEquals(2, sizes.code());
        assertTrue(sizes.err().contains("--predict-sizes: 16 is outside [32, 4096]"), sizes.err());
        CliRun missing = CliRun.run("bench", "infer", "--model", dir.resolve("none.onnx").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.onnx") && missing.err().contains("model file does not exist"),
                missing.err());
    }

    /**
     * A fixed 224-px ResNet-18 runs at another size (its input resized for ONNX Runtime); a model with an operator
     * that may depend on the input size is bad input naming it; so is a missing WAV folder.
     */
    @Test
    void otherSizesResizeTheInputWhereTheModelAllowsIt() throws Exception {
        String model = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.onnx").toString();
        Nd4jThreads.single();
        CliRun resized = CliRun.run("bench", "infer", "--model", model, "--size", "64", "--runs", "1", "--warmup",
                "0", "--threads", "1", "--no-predict");
        assertEquals(0, resized.code(), resized.err() + resized.out());
        assertTrue(resized.lines().get(0).startsWith("bench infer: resnet18-torchvision-random.onnx (input resized "
                + "from 224 px), 64 px, batch 1"), resized.out());
        assertTrue(resized.out().contains("max |DL4J - ORT| "), resized.out());

        Path reshaping = dir.resolve("reshape.onnx");
        java.nio.file.Files.write(reshaping, reshapeModel().toByteArray());
        CliRun refused = CliRun.run("bench", "infer", "--model", reshaping.toString(), "--size", "16", "--no-predict");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("reshape.onnx") && refused.err().contains("its fixed input size cannot be "
                + "changed: operator Reshape (flatten) may depend on it"), refused.err());
        CliRun wavs = CliRun.run("bench", "infer", "--model", model, "--wavs", dir.resolve("absent").toString());
        assertEquals(2, wavs.code());
        assertTrue(wavs.err().contains("not a folder"), wavs.err());
    }

    /** input_0 [1,3,8,8] -> Reshape to [1,192]: its stored shape ties it to 8x8. */
    private static onnx.Onnx.ModelProto reshapeModel() {
        onnx.Onnx.TensorShapeProto.Builder shape = onnx.Onnx.TensorShapeProto.newBuilder();
        for (long d : new long[] {1, 3, 8, 8}) {
            shape.addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        onnx.Onnx.ValueInfoProto input = onnx.Onnx.ValueInfoProto.newBuilder().setName("input_0")
                .setType(onnx.Onnx.TypeProto.newBuilder().setTensorType(onnx.Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(onnx.Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
        onnx.Onnx.ValueInfoProto output = onnx.Onnx.ValueInfoProto.newBuilder().setName("output_0")
                .setType(onnx.Onnx.TypeProto.newBuilder().setTensorType(onnx.Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(onnx.Onnx.TensorProto.DataType.FLOAT.getNumber()))).build();
        onnx.Onnx.TensorProto target = onnx.Onnx.TensorProto.newBuilder().setName("shape")
                .setDataType(onnx.Onnx.TensorProto.DataType.INT64.getNumber()).addDims(2).addInt64Data(1)
                .addInt64Data(192).build();
        onnx.Onnx.NodeProto node = onnx.Onnx.NodeProto.newBuilder().setName("flatten").setOpType("Reshape")
                .addInput("input_0").addInput("shape").addOutput("output_0").build();
        return onnx.Onnx.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(onnx.Onnx.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(onnx.Onnx.GraphProto.newBuilder().setName("g").addInput(input).addOutput(output)
                        .addInitializer(target).addNode(node)).build();
    }

    /** Two timed calls per engine at 224 px, then two synthetic WAVs once at 32 px. */
    @Test
    void tinyRunPrintsBothTables() throws Exception {
        String model = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.onnx").toString();
        Nd4jThreads.single();
        Path wavs = dir.resolve("wavs");
        SyntheticHeartSounds.writeDataset(wavs, new SyntheticHeartSounds.Spec(1, 1.5, 2.5, 4000, 5));
        CliRun r = CliRun.run("bench", "infer", "--model", model, "--runs", "2", "--warmup", "1", "--threads", "1",
                "--wavs", wavs.toString(), "--wav-count", "2", "--predict-sizes", "32", "--passes", "1");
        assertEquals(0, r.code(), r.err() + r.out());
        List<String> lines = r.lines();
        assertEquals(13, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("bench infer: resnet18-torchvision-random.onnx, 224 px, batch 1, "
                + "1 warm-up + 2 timed calls per engine (interleaved), 1 threads"), lines.get(0));
        assertEquals(List.of("engine", "median", "ms", "p95", "ms", "x", "ORT"),
                List.of(lines.get(1).trim().split("\\s+")));
        for (int i = 2; i <= 4; i++) {
            assertTrue(ENGINE_ROW.matcher(lines.get(i)).matches(), lines.get(i));
        }
        assertTrue(lines.get(2).endsWith(" 1.00"), "ORT against itself: " + lines.get(2));
        assertTrue(lines.get(5).startsWith("x ORT = median / ONNX Runtime's median; 1000 outputs"), lines.get(5));
        assertTrue(lines.get(8).startsWith("tuned: 20 BatchNorm folded into convolutions, 9 ReLU fused"),
                lines.get(8));
        assertTrue(lines.get(9).startsWith("predict per WAV") && lines.get(9).contains("2 WAVs"), lines.get(9));
        assertEquals(List.of("size", "windows", "median", "ms", "p95", "ms", "decode", "windows", "spectrogram",
                "model"), List.of(lines.get(10).trim().split("\\s+")));
        assertTrue(PREDICT_ROW.matcher(lines.get(11)).matches(), lines.get(11));
    }
}
