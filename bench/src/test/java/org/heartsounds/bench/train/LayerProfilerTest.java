package org.heartsounds.bench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.trainer.backend.OneDnnHelpers;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** {@link LayerProfiler}: the per-vertex driving computes what the graph computes, and the profile adds up. */
class LayerProfilerTest {
    private static final int SIZE = 32;
    private static final int BATCH = 2;

    @BeforeAll
    static void oneThread() {
        Nd4jThreads.single();
    }

    private static ComputationGraph resnet(boolean helpers) {
        return OneDnnHelpers.build(helpers, () -> ResNet18.builder().setNumClasses(5).optInputSize(SIZE).optSeed(7)
                .optUpdater(new Adam(1e-3)).build());
    }

    private static INDArray input() {
        return Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, BATCH, 3, SIZE, SIZE),
                Nd4j.getRandomFactory().getNewRandomInstance(3));
    }

    @Test
    void vertexByVertexForwardEqualsFeedForward() {
        for (boolean helpers : new boolean[] {true, false}) {
            ComputationGraph graph = resnet(helpers);
            INDArray x = input();
            Map<String, INDArray> expected = graph.feedForward(x, true);
            Map<String, INDArray> actual = LayerProfiler.vertexOutputs(graph, x);
            assertEquals(graph.getVertices().length - 1, actual.size(), "every vertex but the input");
            assertEquals(expected.keySet().stream().filter(k -> !k.equals(ResNet18.INPUT))
                    .collect(Collectors.toSet()), actual.keySet());
            actual.forEach((name, out) -> {
                INDArray want = expected.get(name);
                assertArrayEquals(want.shape(), out.shape(), name);
                double diff = want.sub(out).amaxNumber().doubleValue();
                assertTrue(diff <= 1e-5, name + " (helpers " + helpers + "): max |diff| " + diff);
            });
        }
    }

    @Test
    void profileHasOneRowPerVertexAndPartsAddUp() {
        LayerProfiler.Settings s = new LayerProfiler.Settings(SIZE, BATCH, 5, 1, 1, true);
        LayerProfiler.Profile p = LayerProfiler.run(s);
        ComputationGraph graph = resnet(true);
        assertEquals(graph.getVertices().length - 1, p.vertices().size());
        Set<String> names = p.vertices().stream().map(LayerProfiler.VertexTime::name).collect(Collectors.toSet());
        assertEquals(p.vertices().size(), names.size(), "one row per vertex");
        assertEquals("conv1", p.vertices().get(0).name(), "topological order starts at conv1");
        assertEquals(ResNet18.HEAD, p.vertices().get(p.vertices().size() - 1).name());
        for (LayerProfiler.VertexTime v : p.vertices()) {
            assertTrue(v.forwardMs() >= 0 && v.backwardMs() >= 0, v.toString());
        }
        assertTrue(p.stepMs() > 0 && p.updaterMs() >= 0 && p.imagesPerSecond() > 0, p.toString());

        List<LayerProfiler.PartTime> parts = p.parts();
        assertEquals(List.of(LayerProfiler.Part.values()), parts.stream().map(LayerProfiler.PartTime::part).toList());
        double sum = parts.stream().mapToDouble(LayerProfiler.PartTime::totalMs).sum();
        assertEquals(p.vertexTotalMs(), sum, 1e-9);
        assertEquals(p.stepMs() - p.vertexTotalMs() - p.updaterMs(), p.restMs(), 1e-9);
        // ResNet-18: 20 conv (17 + 3 downsample), 20 BN, 17 ReLU, 8 adds, 1 max pool, 1 avg pool, 1 output layer
        Map<LayerProfiler.Part, Integer> counts = parts.stream().collect(Collectors.toMap(
                LayerProfiler.PartTime::part, LayerProfiler.PartTime::vertices));
        assertEquals(20, counts.get(LayerProfiler.Part.CONV));
        assertEquals(20, counts.get(LayerProfiler.Part.BATCH_NORM));
        assertEquals(17, counts.get(LayerProfiler.Part.RELU));
        assertEquals(8, counts.get(LayerProfiler.Part.ADD));
        assertEquals(1, counts.get(LayerProfiler.Part.MAX_POOL));
        assertEquals(1, counts.get(LayerProfiler.Part.AVG_POOL));
        assertEquals(1, counts.get(LayerProfiler.Part.FC_LOSS));
        assertEquals(0, counts.get(LayerProfiler.Part.OTHER));

        List<LayerProfiler.VertexTime> top = p.top(10);
        assertEquals(10, top.size());
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).totalMs() >= top.get(i).totalMs());
        }
    }

    @Test
    void medianAndBadSettings() {
        assertEquals(2.0, LayerProfiler.median(new double[] {3, 1, 2}));
        assertEquals(2.5, LayerProfiler.median(new double[] {4, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> new LayerProfiler.Settings(16, 2, 5, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerProfiler.Settings(32, 0, 5, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerProfiler.Settings(32, 2, 5, 0, 0, true));
    }
}
