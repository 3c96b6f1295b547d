package org.heartsounds.trainer.testing;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Locates the shared PyTorch model fixtures ({@code HEARTSOUNDS_MODELS_DIR}, else {@code ../shared/models} next to
 * the repository root) and compares outputs with PyTorch's.
 */
public final class ModelFixtures {
    /** Largest accepted absolute difference to PyTorch's outputs. */
    public static final double TOLERANCE = 1e-3;

    private ModelFixtures() {
    }

    /** The fixture folder; skips the calling test when it is absent. */
    public static Path modelsDir() {
        String env = System.getenv("HEARTSOUNDS_MODELS_DIR");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : repoRoot().resolve("../shared/models").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("input-2x3x224x224.npy")),
                "model fixtures not found at " + dir);
        return dir;
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("trainer")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir;
    }

    public static INDArray npy(Path file) {
        return Nd4j.createFromNpyFile(file.toFile());
    }

    /** Row {@code i} of a batch as a batch of one, keeping the other dimensions. */
    public static INDArray example(INDArray batch, int i) {
        return batch.get(NDArrayIndex.interval(i, i + 1)).dup();
    }

    /** Asserts shape, max abs difference {@code <= TOLERANCE} and equal argmax per row; returns the max diff. */
    public static double assertMatches(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "output shape");
        double maxDiff = Transforms.abs(expected.castTo(actual.dataType()).sub(actual)).maxNumber().doubleValue();
        assertTrue(maxDiff <= TOLERANCE, "max abs difference to PyTorch " + maxDiff + " > " + TOLERANCE);
        for (int r = 0; r < expected.rows(); r++) {
            assertEquals(expected.getRow(r).argMax().getInt(0), actual.getRow(r).argMax().getInt(0),
                    "argmax of example " + r);
        }
        return maxDiff;
    }
}
