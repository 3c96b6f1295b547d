package org.heartsounds.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void recordsTheGitCommitOfABuildFromACheckout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "built outside a git checkout: the commit is unknown by design");
        Provenance p = Provenance.capture(7L, "c0ffee", "da7a");
        assertTrue(p.gitCommit().matches("[0-9a-f]{40}"), "git commit: " + p.gitCommit());
        assertEquals(7L, p.seed());
    }
}
