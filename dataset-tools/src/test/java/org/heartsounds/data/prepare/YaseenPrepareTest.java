package org.heartsounds.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data prepare} on the real Yaseen 2018 set (skipped when ../shared is absent). */
class YaseenPrepareTest {
    static Path yaseen() {
        // HEARTSOUNDS_DATA_DIR (absolute, or relative to the repository root), else ../shared/datasets beside the
        // repository; tests run in the module folder, one level below the root
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets");
        Path dir = base.resolve("yaseen2018");
        return dir.isAbsolute() || Files.isDirectory(dir) ? dir : Path.of("..").resolve(dir);
    }

    @Test
    void preparesAllThousandRecordingsWithGroupsKeptWhole(@TempDir Path tmp) throws Exception {
        Path data = yaseen();
        Assumptions.assumeTrue(Files.isDirectory(data), "Yaseen 2018 data not present: " + data);
        Path out = tmp.resolve("yaseen");
        Recipe recipe = Recipe.defaults().withData(new DataSpec(data.toString(), null, out.toString(), List.of()));
        PrepareResult r = DatasetPreparer.builder().setRecipe(recipe).build().prepare();

        assertEquals(1000, r.recordings());
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), r.classes());
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(r.images(), s.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertEquals("AS\nMR\nMS\nMVP\nN", Files.readString(out.resolve(JetsonLayout.LABELS)));
        assertEquals(1001, Files.readAllLines(out.resolve(JetsonLayout.MANIFEST)).size());

        DatasetAnalysis a = r.analysis();
        Map<String, Split> splitOfGroup = new HashMap<>();
        int[] perSplit = new int[3];
        for (int i = 0; i < r.recordings(); i++) {
            Split prev = splitOfGroup.putIfAbsent(a.groupOf(i), a.splitOf(i));
            assertTrue(prev == null || prev == a.splitOf(i), "group " + a.groupOf(i) + " spans two splits");
            perSplit[a.splitOf(i).ordinal()]++;
        }
        assertTrue(a.groups().report().multiFileGroups().size() > 0, "the Yaseen clips share audio; groups must be found");
        // consecutive clips share their last 5 ms - 1 s exactly: 586 such pairs (an independent numpy scan of the
        // WAVs finds the same 586, 141 of them shorter than the correlation detector's 0.25 s), every pair whole
        assertEquals(586, a.groups().report().adjacentCuts());
        assertTrue(a.groupSummary().contains("586 adjacent cuts joined"), a.groupSummary());
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = a.split().recordingIds();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        long adjacentPairs = 0;
        for (var g : a.groups().report().multiFileGroups()) {
            for (var link : g.overlaps()) {
                if (link.kind().equals(org.heartsounds.data.group.GroupReport.ADJACENT_CUT)) {
                    adjacentPairs++;
                    assertEquals(a.splitOf(index.get(link.a())), a.splitOf(index.get(link.b())), link.toString());
                }
            }
        }
        assertEquals(586, adjacentPairs);
        // the grouped split stays near 80/10/10 of 1000
        assertTrue(Math.abs(perSplit[0] - 800) <= 60 && perSplit[1] > 50 && perSplit[2] > 50,
                java.util.Arrays.toString(perSplit));
    }

    @Test
    void inspectFindsTheDocumentedFacts(@TempDir Path tmp) throws Exception {
        Path data = yaseen();
        Assumptions.assumeTrue(Files.isDirectory(data), "Yaseen 2018 data not present: " + data);
        Recipe recipe = Recipe.defaults().withData(new DataSpec(data.toString(), null, tmp.toString(), List.of()));
        Inspection in = DatasetPreparer.builder().setRecipe(recipe).build().inspect();
        assertEquals(1000, in.recordings().size());
        // ../shared/datasets/README.md: 194 files reach full scale, up to 320 samples; 1.16 s to 3.99 s; 8 kHz
        // 16-bit mono. Of those, 186 have runs of >= 3 full-scale samples (clipping), 303 such samples at most;
        // the other 8 touch full scale in one or two samples only (peak normalisation)
        assertEquals(186, in.clippedRecordings());
        assertEquals(303, in.recordings().stream().mapToInt(PreparedRecording::clippedSamples).max().orElse(0));
        assertEquals(1.16, in.recordings().stream().mapToDouble(PreparedRecording::seconds).min().orElse(0), 0.005);
        assertEquals(3.99, in.recordings().stream().mapToDouble(PreparedRecording::seconds).max().orElse(0), 0.005);
        assertTrue(in.recordings().stream().allMatch(r -> r.sourceRate() == 8000 && r.channels() == 1
                && r.bitsPerSample() == 16));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "inspect writes nothing");
        }
    }
}
