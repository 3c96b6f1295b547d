package org.heartsounds.evaluation.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.evaluation.Aggregation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File groups from a name pattern or a manifest, and one decision per group from hand-made file predictions. */
class GroupPredictionTest {
    private static final List<String> LABELS = List.of("AS", "N");

    private static FilePrediction file(String name, double... p) {
        return new FilePrediction(Path.of(name), LABELS, p, List.of());
    }

    @Test
    void patternTakesTheCaptureGroupOfTheFileName() {
        FileGrouping g = FileGrouping.byPattern("__(\\d+)_");
        assertEquals("1234", g.groupOf(Path.of("data", "a0001__1234_AV.wav")));
        assertEquals("77", g.groupOf(Path.of("x__77_MV_2.wav")));
        assertEquals("pattern '__(\\d+)_'", g.description());
        BadInputException e = assertThrows(BadInputException.class, () -> g.groupOf(Path.of("d__5_", "plain.wav")));
        assertEquals(Path.of("d__5_", "plain.wav").toString() + ": the file name does not match the group pattern "
                + "'__(\\d+)_'", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> FileGrouping.byPattern("__\\d+_"));
        assertTrue(none.getMessage().contains("exactly one capture group") && none.getMessage().endsWith("has 0"),
                none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileGrouping.byPattern("(a)(b)"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FileGrouping.byPattern("(unclosed"));
        assertTrue(bad.getMessage().startsWith("invalid regular expression '(unclosed'"), bad.getMessage());
    }

    @Test
    void manifestGivesEachFilesGroupRelativeToItsFolder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        for (String f : List.of("a.wav", "sub/b.wav", "c.wav", "d.wav")) {
            Files.write(dir.resolve(f), new byte[] {0});
        }
        Path csv = dir.resolve("manifest.csv");
        Files.writeString(csv, "path,label,group\na.wav,N,p1\nsub/b.wav,AS,p1\nc.wav,N,\n");
        FileGrouping g = FileGrouping.fromManifest(csv);
        assertEquals("p1", g.groupOf(dir.resolve("a.wav")));
        assertEquals("p1", g.groupOf(dir.resolve("sub/../sub/b.wav")));
        assertEquals("c.wav", g.groupOf(dir.resolve("c.wav")), "no group: on its own");
        BadInputException e = assertThrows(BadInputException.class, () -> g.groupOf(dir.resolve("d.wav")));
        assertEquals(dir.resolve("d.wav") + ": is not listed in the manifest " + csv, e.getMessage());
        Files.writeString(csv, "path\na.wav\n");
        BadInputException broken = assertThrows(BadInputException.class, () -> FileGrouping.fromManifest(csv));
        assertTrue(broken.getMessage().contains("missing column 'label'"), broken.getMessage());
    }

    @Test
    void groupsAreCombinedByMeanOrLogMeanInFirstFileOrder() {
        List<FilePrediction> files = List.of(file("f1.wav", 0.6, 0.4), file("f2.wav", 0.2, 0.8),
                file("f3.wav", 0.9, 0.1));
        List<GroupPrediction> mean = GroupPrediction.of(files, List.of("p1", "p2", "p1"), Aggregation.MEAN);
        assertEquals(List.of("p1", "p2"), mean.stream().map(GroupPrediction::group).toList());
        assertEquals(List.of(Path.of("f1.wav"), Path.of("f3.wav")), mean.get(0).files());
        assertArrayEquals(new double[] {0.75, 0.25}, mean.get(0).probabilities(), 1e-12);
        assertArrayEquals(new double[] {0.2, 0.8}, mean.get(1).probabilities(), 1e-12);
        assertEquals("AS", mean.get(0).top(1).get(0).label());

        List<GroupPrediction> log = GroupPrediction.of(files, List.of("p1", "p2", "p1"), Aggregation.LOG_MEAN);
        double a = Math.sqrt(0.6 * 0.9);
        double b = Math.sqrt(0.4 * 0.1);
        assertArrayEquals(new double[] {a / (a + b), b / (a + b)}, log.get(0).probabilities(), 1e-12);
        assertArrayEquals(new double[] {0.786061, 0.213939}, log.get(0).probabilities(), 1e-6);

        List<GroupPrediction> byName = GroupPrediction.of(files, FileGrouping.byPattern("f(\\d)"), Aggregation.MEAN);
        assertEquals(List.of("1", "2", "3"), byName.stream().map(GroupPrediction::group).toList());
        assertThrows(IllegalArgumentException.class, () -> GroupPrediction.of(files, List.of("p1"),
                Aggregation.MEAN));
    }
}
