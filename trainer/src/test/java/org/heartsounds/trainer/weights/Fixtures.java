package org.heartsounds.trainer.weights;

import java.net.URI;
import java.util.List;
import java.util.Random;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.fetch.PinnedFile;

/** A generated "weights" file and a catalog that pins it, for tests. */
public final class Fixtures {
    public static final String NAME = "tiny-test";
    public static final String FILE = "tiny-0123abcd.pth";
    public static final int SIZE = 200_000;

    private Fixtures() {
    }

    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The content the catalog pins. */
    public static byte[] content() {
        return bytes(SIZE, 7);
    }

    /** A catalog with one entry pinning {@link #content()} at {@code url}. */
    public static WeightsCatalog catalog(URI url) {
        byte[] content = content();
        return new WeightsCatalog(List.of(new PretrainedWeights(NAME, "test weights", "torchvision state_dict", 5,
                new PinnedFile(FILE, url, (long) content.length, Sha256.of(content)))));
    }
}
