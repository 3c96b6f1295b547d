package org.heartsounds.bench.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PyTorch reference script and its runner. */
class TorchReferenceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String RESULT = "{\"framework\": \"pytorch\", \"torch\": \"1.13.0\", \"torchvision\": "
            + "\"0.14.1\", \"threads\": 2, \"size\": 64, \"batch\": 16, \"train_images_per_s\": 40.5, "
            + "\"infer_images_per_s\": 150.25, \"fused_infer_images_per_s\": 170.75}";

    private static TorchReference.Availability torch;

    /** Whether /usr/bin/python3 imports torch and torchvision, asked once (the import takes seconds). */
    private static synchronized TorchReference.Availability torch() {
        if (torch == null) {
            torch = new TorchReference(PYTHON, script(), Duration.ofMinutes(2)).check();
        }
        return torch;
    }

    private static Path script() {
        return TorchReference.locateScript(Path.of("")).orElseThrow();
    }

    @Test
    void scriptIsFoundFromTheModuleFolder() {
        assertEquals(ModelFixtures.repoRoot().resolve(TorchReference.SCRIPT).toAbsolutePath().normalize(),
                script().toAbsolutePath().normalize());
        assertTrue(TorchReference.locateScript(Path.of("/")).isEmpty());
    }

    @Test
    void parsesAResultLine() throws IOException {
        TorchReference.Result r = TorchReference.parse(RESULT);
        assertEquals(new TorchReference.Result("1.13.0", "0.14.1", 2, 64, 16, 40.5, 150.25, 170.75, false), r);
        TorchReference.Result cl = TorchReference.parse(RESULT.replace("}", ", \"channels_last\": true}"));
        assertTrue(cl.channelsLast());
        TorchReference.Result faster = new TorchReference.Result("1.13.0", "0.14.1", 2, 64, 16, 45.0, 140.0, 180.0,
                true);
        assertEquals(new TorchReference.Result("1.13.0", "0.14.1", 2, 64, 16, 45.0, 150.25, 180.0, true),
                r.best(faster), "each measure the faster one's; the layout of the faster training");
        assertEquals(r, r.best(null));
    }

    @Test
    void rejectsIncompleteOrInvalidResults() {
        IOException missing = assertThrows(IOException.class,
                () -> TorchReference.parse(RESULT.replace("\"infer_images_per_s\"", "\"other\"")));
        assertTrue(missing.getMessage().contains("lacks \"infer_images_per_s\""), missing.getMessage());
        IOException notJson = assertThrows(IOException.class, () -> TorchReference.parse("Traceback (most recent"));
        assertTrue(notJson.getMessage().contains("not JSON"), notJson.getMessage());
        assertThrows(IOException.class, () -> TorchReference.parse("[1, 2]"));
        IOException zero = assertThrows(IOException.class,
                () -> TorchReference.parse(RESULT.replace("40.5", "0.0")));
        assertTrue(zero.getMessage().contains("non-positive"), zero.getMessage());
    }

    @Test
    void missingInterpreterOrTorchIsReportedNotThrown() {
        TorchReference none = new TorchReference(Path.of("/no/such/python3"), script(), Duration.ofSeconds(5));
        TorchReference.Availability a = none.check();
        assertFalse(a.available());
        assertEquals("/no/such/python3 does not exist or is not executable", a.reason());

        Path fals = Path.of("/bin/false");
        Assumptions.assumeTrue(Files.isExecutable(fals));
        TorchReference.Availability b = new TorchReference(fals, script(), Duration.ofSeconds(5)).check();
        assertFalse(b.available());
        assertTrue(b.reason().startsWith("/bin/false cannot import torch and torchvision"), b.reason());

        TorchReference noScript = new TorchReference(fals, Path.of("/no/script.py"), Duration.ofSeconds(5));
        assertEquals("reference script /no/script.py not found", noScript.check().reason());
    }

    /** Runs the real script (size 32, batch 2, one step) when /usr/bin/python3 has torch and torchvision. */
    @Test
    void referenceScriptPrintsOneJsonLineWithEveryKey() throws Exception {
        TorchReference.Availability a = torch();
        Assumptions.assumeTrue(a.available(), "no PyTorch: " + a.reason());
        Process p = new ProcessBuilder(PYTHON.toString(), script().toString(), "--size", "32", "--batch", "2",
                "--iterations", "1", "--warmup", "0", "--threads", "1").redirectErrorStream(false).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "script finished");
        String stdout = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readNBytes(1 << 16), StandardCharsets.UTF_8));
        assertEquals(1, stdout.lines().count(), stdout);

        JsonNode json = new ObjectMapper().readTree(stdout);
        Set<String> keys = new TreeSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(new TreeSet<>(Set.of("framework", "torch", "torchvision", "threads", "size", "batch", "classes",
                "warmup", "iterations", "channels_last", "train_seconds", "infer_seconds", "train_images_per_s",
                "infer_images_per_s", "fused_infer_seconds", "fused_infer_images_per_s")), keys);
        assertEquals("pytorch", json.get("framework").asText());
        assertEquals(a.torchVersion(), json.get("torch").asText());
        assertEquals(1, json.get("threads").asInt());
        assertEquals(5, json.get("classes").asInt());
        assertEquals(1, json.get("iterations").asInt());
        assertEquals(2 / json.get("train_seconds").asDouble(), json.get("train_images_per_s").asDouble(), 1e-9);

        TorchReference.Result r = TorchReference.parse(stdout);
        assertEquals(32, r.size());
        assertEquals(2, r.batch());
        assertTrue(r.trainImagesPerSecond() > 0 && r.inferImagesPerSecond() > 0
                && r.fusedInferImagesPerSecond() > 0, r.toString());
    }

    /** Arguments are checked before torch is imported: needs only a Python. */
    @Test
    void scriptRejectsBadArguments() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON.toString(), script().toString(), "--size", "0")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        String out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--size: must be >= 1, got 0"), out);
    }
}
