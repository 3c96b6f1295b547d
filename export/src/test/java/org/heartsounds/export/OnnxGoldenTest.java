package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import onnx.Onnx;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exported graph's structure (not its weight values) against committed golden files: node op types, names,
 * inputs, outputs and attributes; initializer names and shapes; graph inputs and outputs; IR version and opset.
 * A change in the translation shows up as a diff here. To regenerate on purpose, run this test with
 * {@code -Dheartsounds.regenerateGolden=true} and review the diff of {@code src/test/resources}.
 */
class OnnxGoldenTest {
    private static final String DIR = "org/heartsounds/export/";

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    @ParameterizedTest
    @CsvSource({"small, 13", "small, 11", "resnet18, 13"})
    void exportedStructureMatchesTheGoldenFile(String graph, int opset) throws IOException {
        Onnx.ModelProto m = graph.equals("small")
                ? OnnxGraphExporter.builder().optOpset(opset).build().export(ExportFixtures.smallGraph(1), 8, 8)
                : OnnxGraphExporter.builder().optOpset(opset).build().export(ExportFixtures.resNet18(64, 5, 1), 64, 64);
        String actual = describe(m);
        String name = "golden-" + graph + "-opset" + opset + ".txt";
        if (Boolean.getBoolean("heartsounds.regenerateGolden")) {
            Files.writeString(Path.of("src/test/resources", DIR, name), actual);
        }
        try (InputStream in = OnnxGoldenTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertNotNull(in, "golden file " + name + " (create it with -Dheartsounds.regenerateGolden=true)");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, name);
        }
    }

    /** One line per fact of the model's structure, weights as names and shapes only. */
    static String describe(Onnx.ModelProto m) {
        StringBuilder s = new StringBuilder();
        s.append("ir_version ").append(m.getIrVersion()).append('\n');
        m.getOpsetImportList().forEach(o -> s.append("opset '").append(o.getDomain()).append("' ")
                .append(o.getVersion()).append('\n'));
        s.append("producer ").append(m.getProducerName()).append('\n');
        m.getGraph().getInputList().forEach(v -> s.append("input ").append(value(v)).append('\n'));
        m.getGraph().getOutputList().forEach(v -> s.append("output ").append(value(v)).append('\n'));
        for (Onnx.TensorProto t : m.getGraph().getInitializerList()) {
            s.append("initializer ").append(t.getName()).append(" type ").append(t.getDataType()).append(' ')
                    .append(t.getDimsList()).append('\n');
        }
        for (Onnx.NodeProto n : m.getGraph().getNodeList()) {
            s.append("node ").append(n.getOpType()).append(" '").append(n.getName()).append("' ")
                    .append(n.getInputList()).append(" -> ").append(n.getOutputList());
            List<String> attrs = n.getAttributeList().stream().map(OnnxGoldenTest::attribute).sorted().toList();
            if (!attrs.isEmpty()) {
                s.append(' ').append(String.join(" ", attrs));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String value(Onnx.ValueInfoProto v) {
        return v.getName() + " type " + v.getType().getTensorType().getElemType() + " " + v.getType().getTensorType()
                .getShape().getDimList().stream().map(d -> d.hasDimValue() ? Long.toString(d.getDimValue())
                        : "?" + d.getDimParam()).collect(Collectors.joining(",", "[", "]"));
    }

    private static String attribute(Onnx.AttributeProto a) {
        String v = switch (a.getType()) {
            case INT -> Long.toString(a.getI());
            case FLOAT -> Float.toString(a.getF());
            case INTS -> a.getIntsList().toString();
            case STRING -> a.getS().toStringUtf8();
            default -> a.getType().name();
        };
        return a.getName() + "=" + v;
    }
}
