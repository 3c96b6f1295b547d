package org.heartsounds.bench.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.heartsounds.bench.train.LayerProfiler;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PyTorch profile script and its runner. */
class TorchProfileReferenceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PARTS = "{\"conv\": {\"forward_ms\": 10.0, \"backward_ms\": 20.0}, "
            + "\"BatchNorm\": {\"forward_ms\": 1.0, \"backward_ms\": 2.0}, "
            + "\"ReLU\": {\"forward_ms\": 0.5, \"backward_ms\": 0.5}, "
            + "\"residual add\": {\"forward_ms\": 0.25, \"backward_ms\": 0.0}, "
            + "\"max pool\": {\"forward_ms\": 0.5, \"backward_ms\": 0.25}, "
            + "\"global avg pool\": {\"forward_ms\": 0.0, \"backward_ms\": 0.0}, "
            + "\"fc+softmax+loss\": {\"forward_ms\": 0.125, \"backward_ms\": 0.125}, "
            + "\"other\": {\"forward_ms\": 0.25, \"backward_ms\": 0.5}}";
    private static final String RESULT = "{\"framework\": \"pytorch\", \"torch\": \"1.13.0\", \"torchvision\": "
            + "\"0.14.1\", \"threads\": 2, \"size\": 64, \"batch\": 16, \"step_ms\": 80.0, \"profiled_step_ms\": "
            + "90.0, \"parts\": " + PARTS + ", \"updater_ms\": 5.0, \"outside_ms\": 1.0}";

    private static Path script() {
        return TorchProfileReference.locateScript(Path.of("")).orElseThrow();
    }

    @Test
    void scriptIsFoundFromTheModuleFolder() {
        assertEquals(ModelFixtures.repoRoot().resolve(TorchProfileReference.SCRIPT).toAbsolutePath().normalize(),
                script().toAbsolutePath().normalize());
    }

    @Test
    void parsesAResultLine() throws IOException {
        TorchProfileReference.Result r = TorchProfileReference.parse(RESULT);
        assertEquals(LayerProfiler.Part.values().length, r.parts().size());
        assertEquals(new TorchProfileReference.PartTime(10, 20), r.parts().get(LayerProfiler.Part.CONV));
        assertEquals(new TorchProfileReference.PartTime(0.25, 0.5), r.parts().get(LayerProfiler.Part.OTHER));
        assertEquals(36.0, r.partsTotalMs(), 1e-12);
        assertEquals(80.0 - 36.0 - 5.0, r.restMs(), 1e-12);
        assertEquals(200.0, r.imagesPerSecond(), 1e-9);
        assertEquals(2, r.threads());
    }

    @Test
    void rejectsIncompleteResults() {
        IOException part = assertThrows(IOException.class,
                () -> TorchProfileReference.parse(RESULT.replace("\"BatchNorm\"", "\"bn\"")));
        assertTrue(part.getMessage().contains("lacks part \"BatchNorm\""), part.getMessage());
        IOException key = assertThrows(IOException.class,
                () -> TorchProfileReference.parse(RESULT.replace("\"updater_ms\"", "\"x\"")));
        assertTrue(key.getMessage().contains("lacks \"updater_ms\""), key.getMessage());
        assertThrows(IOException.class, () -> TorchProfileReference.parse("Traceback"));
        assertThrows(IOException.class, () -> TorchProfileReference.parse(RESULT.replace("80.0", "0.0")));
    }

    /** The real script (size 32, batch 2, one step) when /usr/bin/python3 has torch: every part, time in conv. */
    @Test
    void realScriptProfilesEveryPart() throws IOException {
        TorchProfileReference ref = new TorchProfileReference(PYTHON, script(), Duration.ofMinutes(2));
        TorchReference.Availability a = ref.check();
        Assumptions.assumeTrue(a.available(), "no PyTorch: " + a.reason());
        TorchProfileReference.Result r = ref.run(32, 2, 1, 0, 1, 5);
        assertEquals(32, r.size());
        assertEquals(2, r.batch());
        assertEquals(1, r.threads());
        assertEquals(LayerProfiler.Part.values().length, r.parts().size());
        r.parts().forEach((p, t) -> assertTrue(t.forwardMs() >= 0 && t.backwardMs() >= 0, p + ": " + t));
        assertTrue(r.parts().get(LayerProfiler.Part.CONV).forwardMs() > 0, r.toString());
        assertTrue(r.parts().get(LayerProfiler.Part.CONV).backwardMs() > 0, r.toString());
        assertTrue(r.parts().get(LayerProfiler.Part.BATCH_NORM).totalMs() > 0, r.toString());
        assertTrue(r.updaterMs() > 0 && r.stepMs() > 0 && r.profiledStepMs() > 0, r.toString());
    }
}
