package org.heartsounds.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.heartsounds.bench.torch.TorchReference;
import org.heartsounds.bench.torch.TorchTimeToAccuracy;
import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.train.EpochResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time to a validation accuracy: from metrics.csv, and from the PyTorch reference script. */
class TimeToAccuracyTest {
    private static final String SUMMARY = "{\"summary\": true, \"framework\": \"pytorch\", \"torch\": \"1.13.0\", "
            + "\"recipe\": \"jetson\", \"size\": 224, \"batch\": 8, \"threads\": 2, \"target\": 0.97, "
            + "\"reached\": true, \"seconds_to_target\": 812.5, \"epochs_run\": 9, \"best_val_acc\": 0.972, "
            + "\"wall_seconds\": 812.5, \"train_images\": 837, \"val_images\": 107, \"pretrained\": false}";

    @TempDir
    Path tmp;

    private static EpochResult row(int epoch, double valAcc, double seconds) {
        return new EpochResult(epoch, 0.5, 0.8, 0.4, valAcc, 1e-3, seconds, 30);
    }

    @Test
    void sumsSecondsUpToTheFirstEpochAtTheTarget() {
        List<EpochResult> rows = List.of(row(0, 0.2, 6), row(1, 0.9, 20), row(2, 0.97, 21), row(3, 0.99, 22));
        TimeToAccuracy t = TimeToAccuracy.of(rows, 0.97);
        assertTrue(t.reached());
        assertEquals(47.0, t.seconds(), 1e-9);
        assertEquals(2, t.epoch());
        assertEquals(0.97, t.bestValAcc(), 1e-12);

        TimeToAccuracy never = TimeToAccuracy.of(rows, 0.995);
        assertFalse(never.reached());
        assertEquals(69.0, never.seconds(), 1e-9, "all the run's seconds");
        assertEquals(3, never.epoch());
        assertEquals(0.99, never.bestValAcc(), 1e-12);
    }

    @Test
    void theEvaluationBeforeFittingDoesNotCountAsReaching() {
        TimeToAccuracy t = TimeToAccuracy.of(List.of(row(0, 1.0, 6), row(1, 0.5, 20)), 0.9);
        assertFalse(t.reached());
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.of(List.of(row(0, 1, 1)), 1.5));
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.of(List.of(), 0.9));
    }

    @Test
    void readsMetricsCsvAndNamesABadFile() throws IOException {
        Path csv = tmp.resolve("metrics.csv");
        Files.writeString(csv, EpochResult.csv(List.of(row(0, 0.1, 5.5), row(1, 0.98, 10.25))));
        TimeToAccuracy t = TimeToAccuracy.fromMetrics(csv, 0.97);
        assertEquals(15.75, t.seconds(), 1e-9);
        assertEquals(1, t.epoch());

        // a metrics.csv written before the class-averaged validation columns
        Path old = tmp.resolve("old-metrics.csv");
        Files.writeString(old, "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,images_per_s\n"
                + "0,1.0,0.2,1.0,0.1,0,5.5,0\n1,0.5,0.9,0.4,0.98,1e-3,10.25,30\n");
        TimeToAccuracy fromOld = TimeToAccuracy.fromMetrics(old, 0.97);
        assertEquals(15.75, fromOld.seconds(), 1e-9);
        assertEquals(1, fromOld.epoch());

        Path bad = tmp.resolve("other.csv");
        Files.writeString(bad, "a,b\n1,2\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TimeToAccuracy.fromMetrics(bad, 0.97));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("not a heartsounds metrics.csv"),
                e.getMessage());
        Path broken = tmp.resolve("broken.csv");
        Files.writeString(broken, String.join(",", EpochResult.COLUMNS) + "\n0,x\n");
        assertThrows(BadInputException.class, () -> TimeToAccuracy.fromMetrics(broken, 0.97));
        assertThrows(BadInputException.class, () -> TimeToAccuracy.fromMetrics(tmp.resolve("none.csv"), 0.97));
    }

    @Test
    void parsesTheScriptsSummary() throws IOException {
        TorchTimeToAccuracy.Result r = TorchTimeToAccuracy.parse(SUMMARY);
        assertEquals(new TorchTimeToAccuracy.Result("1.13.0", "jetson", 224, 8, 2, 0.97, true, 812.5, 9, 0.972,
                812.5), r);
        assertEquals(812.5, r.seconds(), 0);
        TorchTimeToAccuracy.Result no = TorchTimeToAccuracy.parse(SUMMARY.replace("\"reached\": true",
                "\"reached\": false").replace("\"seconds_to_target\": 812.5", "\"seconds_to_target\": null")
                .replace("\"wall_seconds\": 812.5", "\"wall_seconds\": 900.0"));
        assertFalse(no.reached());
        assertNull(no.secondsToTarget());
        assertEquals(900.0, no.seconds(), 0);

        IOException missing = assertThrows(IOException.class,
                () -> TorchTimeToAccuracy.parse(SUMMARY.replace("\"epochs_run\"", "\"other\"")));
        assertTrue(missing.getMessage().contains("lacks \"epochs_run\""), missing.getMessage());
        IOException noSeconds = assertThrows(IOException.class,
                () -> TorchTimeToAccuracy.parse(SUMMARY.replace("\"seconds_to_target\": 812.5",
                        "\"seconds_to_target\": null")));
        assertTrue(noSeconds.getMessage().contains("no seconds_to_target"), noSeconds.getMessage());
        assertThrows(IOException.class, () -> TorchTimeToAccuracy.parse("{\"epoch\": 1}"), "an epoch line");
        assertThrows(IOException.class, () -> TorchTimeToAccuracy.parse("Traceback"));
    }

    /** The real script on a tiny two-class image folder (32 px, 1 epoch of each recipe), when torch is here. */
    @Test
    void scriptTrainsBothRecipesOnAPreparedFolder() throws IOException {
        Path script = TorchReference.locate(TorchTimeToAccuracy.SCRIPT, Path.of("")).orElseThrow();
        TorchTimeToAccuracy torch = new TorchTimeToAccuracy(Path.of("/usr/bin/python3"), script,
                Duration.ofMinutes(5));
        // PyTorch is a reference, not a tool .ci/install-tools installs: without it the test skips, in CI too
        Assumptions.assumeTrue(torch.check().available(), "no torch: " + torch.check().reason());
        Random rng = new Random(3);
        for (String split : List.of("train", "val")) {
            for (int c = 0; c < 2; c++) {
                Path dir = Files.createDirectories(tmp.resolve("data").resolve(split).resolve(c == 0 ? "AS" : "N"));
                for (int i = 0; i < 6; i++) {
                    BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 24; y++) {
                        for (int x = 0; x < 24; x++) {
                            int v = (c == 0 ? x * 10 : y * 10) % 256;
                            img.setRGB(x, y, (v << 16) | (rng.nextInt(40) << 8) | v);
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
                }
            }
        }
        for (String recipe : List.of("jetson", "adam")) {
            TorchTimeToAccuracy.Result r = torch.run(tmp.resolve("data"), recipe, 0.99, 32, 0.001, 1);
            assertEquals(recipe, r.recipe());
            assertEquals(1, r.epochs(), "stops after the first epoch: --max-seconds is passed");
            assertEquals(recipe.equals("jetson") ? 8 : 16, r.batch());
            assertEquals(32, r.size());
            assertEquals(1, r.threads());
            assertTrue(r.bestValAcc() >= 0 && r.bestValAcc() <= 1, "accuracy " + r.bestValAcc());
            assertTrue(r.wallSeconds() > 0, "wall time " + r.wallSeconds());
        }
        IOException noData = assertThrows(IOException.class,
                () -> torch.run(tmp.resolve("nothing"), "adam", 0.9, 32, 1, 1));
        assertTrue(noData.getMessage().contains("has no train/ folder"), noData.getMessage());
    }
}
