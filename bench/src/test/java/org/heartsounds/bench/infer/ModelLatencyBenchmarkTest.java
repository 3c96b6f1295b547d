package org.heartsounds.bench.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnxruntime.OrtException;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.Test;

/**
 * The latency benchmark's mechanics (interleaving, inputs) and one tiny run on the shared torchvision ResNet-18:
 * three engines agree on the same input. No timing is asserted.
 */
class ModelLatencyBenchmarkTest {
    @Test
    void roundsRotateTheEngineOrderAfterTheWarmUp() throws OrtException {
        List<Integer> calls = new ArrayList<>();
        List<ModelLatencyBenchmark.Call> engines = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            int id = e;
            engines.add(() -> {
                calls.add(id);
                return new float[] {id};
            });
        }
        List<LatencyStats> stats = ModelLatencyBenchmark.interleave(engines, 1, 3);
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 1, 2, 0, 2, 0, 1), calls);
        assertEquals(3, stats.size());
        stats.forEach(s -> assertEquals(3, s.count()));
    }

    @Test
    void inputsAreSeededStandardNormal() {
        float[] a = ModelLatencyBenchmark.gaussian(new long[] {1, 3, 64, 64}, 42);
        assertEquals(3 * 64 * 64, a.length);
        assertArrayEquals(a, ModelLatencyBenchmark.gaussian(new long[] {1, 3, 64, 64}, 42));
        double sum = 0;
        double sq = 0;
        for (float v : a) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / a.length;
        assertEquals(0, mean, 0.05);
        assertEquals(1, Math.sqrt(sq / a.length - mean * mean), 0.05);
        assertEquals(0.0, ModelLatencyBenchmark.maxAbsDiff(a, a));
    }

    @Test
    void threeEnginesAgreeOnTheSharedResNet18() throws OrtException {
        Path model = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.onnx");
        Nd4jThreads.single();
        ModelLatencyBenchmark.Result r = ModelLatencyBenchmark.run(new ModelLatencyBenchmark.Settings(model, 224, 0,
                2, 1, true, 7, false));
        assertEquals(1000, r.outputs());
        assertTrue(r.plainVsOrt() < 1e-4, "DL4J vs ONNX Runtime " + r.plainVsOrt());
        assertTrue(r.tunedVsPlain() <= 1e-5, "tuned vs plain " + r.tunedVsPlain());
        for (LatencyStats s : List.of(r.ort(), r.plain(), r.tuned())) {
            assertEquals(2, s.count());
            assertTrue(s.minMs() > 0 && s.minMs() <= s.medianMs() && s.medianMs() <= s.p95Ms());
        }
        assertTrue(r.tuning().startsWith("20 BatchNorm folded into convolutions, 9 ReLU fused"), r.tuning());
        assertTrue(r.ortVersion().startsWith("1."), r.ortVersion());
    }

    @Test
    void variantsComputeTheSameOutputs() throws OrtException {
        Path model = ModelFixtures.modelsDir().resolve("resnet18-torchvision-random.onnx");
        Nd4jThreads.single();
        ModelLatencyBenchmark.Result r = ModelLatencyBenchmark.run(new ModelLatencyBenchmark.Settings(model, 224, 0,
                1, 1, true, 8, true));
        assertEquals(List.of("ONNX Runtime", "DL4J", "DL4J tuned", "DL4J helpers off", "DL4J workspaces off",
                "DL4J output()", "DL4J + clearLayersStates", "DL4J f-order input", "DL4J double input",
                "DL4J BN folded, NCHW"), r.timings().stream().map(ModelLatencyBenchmark.Timing::engine).toList());
        assertTrue(r.variantsVsPlain() > 0 && r.variantsVsPlain() < 1e-4, "variants vs plain " + r.variantsVsPlain());
        r.timings().forEach(t -> assertEquals(1, t.stats().count()));
    }
}
