package org.heartsounds.trainer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/** The switch, the coverage report and the one-line description. */
class OneDnnHelpersTest {

    /** Skips the caller unless the natives are the oneDNN build; with them, DL4J's check must pass (the shim). */
    static void assumeOneDnnNatives() {
        String classifier = OneDnnHelpers.nativeClassifier();
        Assumptions.assumeTrue(classifier != null && classifier.contains("onednn"),
                "ND4J natives are not the oneDNN build: " + classifier);
        assertTrue(OneDnnHelpers.oneDnnAvailable(),
                "oneDNN natives loaded but DL4J's BaseMKLDNNHelper check fails: is the Nd4jCpu shim on the class path?");
    }

    @Test
    void enableSetsDl4jsPropertyAndDefaultIsOff() {
        ProofNets.withHelpers(false, () -> {
            System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
            assertFalse(OneDnnHelpers.requested(), "DL4J's default is helpers disabled");
            OneDnnHelpers.enable(true);
            assertEquals("false", System.getProperty(OneDnnHelpers.DISABLE_PROPERTY));
            assertTrue(OneDnnHelpers.requested());
            OneDnnHelpers.enable(false);
            assertEquals("true", System.getProperty(OneDnnHelpers.DISABLE_PROPERTY));
            assertFalse(OneDnnHelpers.requested());
            return null;
        });
    }

    @Test
    void helpersAreFixedWhenTheNetworkIsBuilt() {
        assumeOneDnnNatives();
        var conf = ProofNets.configuration(DataType.FLOAT, 16, new Sgd(0.1), false);
        ComputationGraph on = ProofNets.build(conf, true);
        ComputationGraph off = ProofNets.build(conf, false);
        OneDnnHelpers.Coverage c = OneDnnHelpers.active(on);
        assertEquals(Set.of("conv1", "bn1", "maxpool", "b.conv1", "b.bn1", "b.conv2", "b.bn2", "b.proj", "avgpool"),
                Set.copyOf(c.withHelper()));
        assertEquals(9, c.withHelper().size());
        assertEquals(List.of(), c.withoutHelper());
        assertEquals("oneDNN helpers on 9 of 9 conv/BN/pooling layers", c.summary());
        assertEquals(0, OneDnnHelpers.active(off).count());
        assertEquals(9, OneDnnHelpers.active(off).withoutHelper().size());
        // switching afterwards changes nothing for networks already built
        assertEquals(9, ProofNets.withHelpers(false, () -> OneDnnHelpers.active(on).count()));
        assertEquals(List.of(), OneDnnHelpers.removeIncorrectHelpers(on), "nothing to remove without count_include_pad");
    }

    @Test
    void describeNamesBackendNativesAndState() {
        String on = ProofNets.withHelpers(true, OneDnnHelpers::describe);
        String off = ProofNets.withHelpers(false, OneDnnHelpers::describe);
        assertTrue(on.startsWith("ND4J CPU backend ("), on);
        String classifier = OneDnnHelpers.nativeClassifier();
        assertNotNull(classifier);
        assertTrue(on.contains("natives " + classifier), on);
        assertTrue(off.endsWith("DL4J layer helpers off"), off);
        if (classifier.contains("onednn")) {
            assertTrue(on.endsWith("oneDNN yes, DL4J layer helpers on"), on);
        } else {
            assertTrue(on.endsWith("oneDNN no, DL4J layer helpers off (requested, but DL4J's oneDNN check fails)"), on);
        }
    }

    @Test
    void describeOnTheCudaBackendNamesTheGpuAndNoOneDnn() {
        Properties env = new Properties();
        env.put("backend", "CUDA");
        env.put("cuda.deviceName", "NVIDIA H100 80GB HBM3");
        env.put("blas.vendor", "CUBLAS");
        assertEquals("ND4J CUDA backend (natives linux-x86_64-cudnn, GPU NVIDIA H100 80GB HBM3, CUBLAS), "
                + "oneDNN n/a (CPU backend only)", OneDnnHelpers.describe(env, "linux-x86_64-cudnn", false, true));
        Properties cpu = new Properties();
        cpu.put("backend", "CPU");
        cpu.put("blas.vendor", "OPENBLAS");
        cpu.put("omp.threads", 2);
        assertEquals("ND4J CPU backend (natives linux-x86_64-onednn-avx2, OPENBLAS, 2 OpenMP threads), oneDNN yes, "
                + "DL4J layer helpers on", OneDnnHelpers.describe(cpu, "linux-x86_64-onednn-avx2", true, true));
        assertEquals("ND4J CPU backend (natives linux-x86_64, OPENBLAS, 2 OpenMP threads), oneDNN no, DL4J layer "
                + "helpers off (requested, but DL4J's oneDNN check fails)",
                OneDnnHelpers.describe(cpu, "linux-x86_64", false, true));
    }
}
