package org.heartsounds.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.synth.SyntheticHeartSounds.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic clinical collection: who has which lesions, where they were recorded, and the manifest. */
class SyntheticCollectionTest {
    @TempDir
    Path dir;

    @Test
    void prevalenceAndCoOccurrenceFollowTheStatedShares() {
        List<SyntheticCollection.Patient> ps = SyntheticCollection.patients(SyntheticCollection.Spec.of(2000, 7));
        long none = ps.stream().filter(p -> p.lesions().isEmpty()).count();
        long mr = ps.stream().filter(p -> p.lesions().contains(Condition.MR)).count();
        long ms = ps.stream().filter(p -> p.lesions().contains(Condition.MS)).count();
        long msWithMr = ps.stream().filter(p -> p.lesions().containsAll(Set.of(Condition.MS, Condition.MR))).count();
        long two = ps.stream().filter(p -> p.lesions().size() == 2).count();
        // binomial sd at n = 2000 is at most 0.011
        assertEquals(0.35, none / 2000.0, 0.035);
        assertEquals(0.38, mr / 2000.0, 0.035);
        assertEquals(0.11, ms / 2000.0, 0.025);
        assertEquals(6.0 / 11, msWithMr / (double) ms, 0.1, "MS mostly comes with MR");
        assertEquals(0.18, two / 2000.0, 0.03);
        for (SyntheticCollection.Patient p : ps) {
            assertTrue(p.sites().size() >= 2 && p.sites().size() <= 4, p.toString());
            assertEquals(p.sites().size(), new HashSet<>(p.sites()).size(), "distinct sites");
            assertEquals(p.lesions(), p.severity().keySet());
        }
    }

    @Test
    void writesOneWavPerSiteAndAManifestWithJoinedLabels() throws IOException {
        SyntheticCollection.Spec spec = new SyntheticCollection.Spec(12, 2, 3, 1.0, 1.5, 2000, 3);
        Path manifest = SyntheticCollection.write(dir.resolve("a"), spec);
        List<String> lines = Files.readAllLines(manifest);
        assertEquals("path,label,group,site", lines.get(0));
        List<SyntheticCollection.Patient> ps = SyntheticCollection.patients(spec);
        int rows = ps.stream().mapToInt(p -> p.sites().size()).sum();
        assertEquals(rows + 1, lines.size());
        SyntheticCollection.Patient first = ps.get(0);
        String row = lines.get(1);
        assertEquals(first.id() + "/" + first.id() + "_" + first.sites().get(0) + ".wav," + first.labels() + ","
                + first.id() + "," + first.sites().get(0), row);
        assertTrue(ps.stream().anyMatch(p -> p.labels().contains(";")), "some patients have two lesions");
        assertTrue(ps.stream().anyMatch(p -> p.labels().equals("N")), "some have none");
        Path again = SyntheticCollection.write(dir.resolve("b"), spec);
        assertEquals(Sha256.of(manifest), Sha256.of(again));
        String wav = row.substring(0, row.indexOf(','));
        assertEquals(Sha256.of(manifest.resolveSibling(wav)), Sha256.of(again.resolveSibling(wav)), "same bytes");
        Path other = SyntheticCollection.write(dir.resolve("c"), new SyntheticCollection.Spec(12, 2, 3, 1.0, 1.5,
                2000, 4));
        assertNotEquals(Sha256.of(manifest), Sha256.of(other), "another seed, other patients");
    }

    @Test
    void aSecondLesionAddsItsMurmur() {
        SyntheticCollection.Spec spec = SyntheticCollection.Spec.of(1, 1);
        SyntheticCollection.Patient mr = new SyntheticCollection.Patient("p0001", Set.of(Condition.MR),
                java.util.Map.of(Condition.MR, 1.0), List.of(SyntheticCollection.Site.MV));
        SyntheticCollection.Patient both = new SyntheticCollection.Patient("p0001", Set.of(Condition.MR,
                Condition.MS), java.util.Map.of(Condition.MR, 1.0, Condition.MS, 1.0), List.of(SyntheticCollection.Site.MV));
        float[] a = SyntheticCollection.synthesize(mr, SyntheticCollection.Site.MV, spec).samples();
        float[] b = SyntheticCollection.synthesize(both, SyntheticCollection.Site.MV, spec).samples();
        assertEquals(a.length, b.length, "same random stream: same length");
        assertEquals("MS;MR".length(), both.labels().length());
        assertEquals("MR;MS", both.labels(), "labels in Condition order");
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff += Math.abs(a[i] - b[i]);
        }
        assertTrue(diff / a.length > 1e-3, "the MS rumble changes the recording: " + diff / a.length);
    }
}
