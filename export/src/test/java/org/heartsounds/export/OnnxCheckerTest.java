package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference ONNX checker ({@code onnx.checker.check_model} with {@code full_check}, i.e. strict shape inference)
 * on exported files, through /usr/bin/python3; skipped when python3 or its onnx package is missing, except on CI.
 */
class OnnxCheckerTest {
    private static final String CHECK = "import onnx, sys\n"
            + "m = onnx.load(sys.argv[1])\n"
            + "onnx.checker.check_model(m, full_check=True)\n"
            + "inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)\n"
            + "print('ok', m.ir_version, m.opset_import[0].version, len(m.graph.node),\n"
            + "      [d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim])\n";

    @TempDir
    Path tmp;

    @BeforeAll
    static void singleThread() {
        Nd4jThreads.single();
    }

    @Test
    void exportedGraphsPassTheOnnxChecker() throws Exception {
        ExportFixtures.assumeTool(ExportFixtures.pythonHas("onnx"), "/usr/bin/python3 with the onnx package");
        Onnx.ModelProto m = OnnxGraphExporter.builder().build().export(ExportFixtures.resNet18(64, 5, 3), 64, 64);
        Path file = ExportFixtures.write(m, tmp.resolve("r18.onnx"));
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of(), null, "-c", CHECK, file.toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok 7 13 70 [1, 5]", r.output().strip());

        Onnx.ModelProto small = OnnxGraphExporter.builder().optOpset(11).build()
                .export(ExportFixtures.smallGraph(2), 8, 8);
        r = ExportFixtures.python(Map.of(), null, "-c", CHECK, ExportFixtures.write(small, tmp.resolve("s.onnx"))
                .toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok 6 11 14 [1, 3]", r.output().strip());
    }

    @Test
    void anExportedEnsemblePassesTheOnnxChecker() throws Exception {
        ExportFixtures.assumeTool(ExportFixtures.pythonHas("onnx"), "/usr/bin/python3 with the onnx package");
        Onnx.ModelProto m = OnnxGraphExporter.builder().build().export(List.of(ExportFixtures.smallGraph(2),
                ExportFixtures.smallGraph(3), ExportFixtures.smallGraph(4)), 8, 8);
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of(), null, "-c", CHECK,
                ExportFixtures.write(m, tmp.resolve("e.onnx")).toString());
        assertEquals(0, r.code(), r.output());
        assertEquals("ok 7 13 43 [1, 3]", r.output().strip(), "3 x 14 nodes and one Mean");
    }

    @Test
    void theCheckerRejectsABrokenGraph() throws Exception {
        ExportFixtures.assumeTool(ExportFixtures.pythonHas("onnx"), "/usr/bin/python3 with the onnx package");
        Onnx.ModelProto m = OnnxGraphExporter.builder().build().export(ExportFixtures.smallGraph(1), 8, 8);
        // the Add reads a value nothing produces: the checker must say so, or the test above proves nothing
        Onnx.ModelProto broken = m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(6, m.getGraph().getNode(6)
                .toBuilder().setInput(0, "nowhere"))).build();
        Path file = ExportFixtures.write(broken, tmp.resolve("broken.onnx"));
        ExportFixtures.ProcessOutput r = ExportFixtures.python(Map.of(), null, "-c", CHECK, file.toString());
        assertNotEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("nowhere"), r.output());
    }
}
