package org.heartsounds.trainer.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.io.Sha256;

/** Compares a file on disk with a {@link PretrainedWeights} pin, describing a mismatch with sizes and both hashes. */
final class WeightsCheck {
    private WeightsCheck() {
    }

    /**
     * What is wrong with {@code file}, or {@code null} when its size and SHA-256 match the pin. The file is streamed
     * through SHA-256 (never held in memory), also when its size is already wrong, so that the message can name the
     * hash a user will see with {@code sha256sum}.
     */
    static String problem(Path file, PretrainedWeights weights) throws IOException {
        long size = Files.size(file);
        String sha256 = Sha256.of(file);
        return mismatch(weights, size, sha256);
    }

    /** The mismatch message for content of {@code size} bytes hashing to {@code sha256}, or {@code null}. */
    static String mismatch(PretrainedWeights weights, long size, String sha256) {
        if (size == weights.size() && sha256.equals(weights.sha256())) {
            return null;
        }
        String what = size != weights.size() ? "size and SHA-256 mismatch" : "SHA-256 mismatch";
        return what + " for " + weights.name() + ": expected " + weights.size() + " bytes with SHA-256 "
                + weights.sha256() + ", got " + size + " bytes with SHA-256 " + sha256;
    }
}
