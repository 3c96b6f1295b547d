package org.heartsounds.data.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.heartsounds.core.io.Sha256;

/** Compares a file on disk with its pin. */
final class PinCheck {
    private PinCheck() {
    }

    /** What is wrong with {@code file} compared with {@code pin}, or {@code null} when size and SHA-256 match. */
    static String problem(Path file, PinnedFile pin) throws IOException {
        long actualSize = Files.size(file);
        if (pin.size() != null && actualSize != pin.size()) {
            return "size mismatch: expected " + pin.size() + " bytes, got " + actualSize;
        }
        return sha256Problem(Sha256.of(file), pin.sha256());
    }

    static String sha256Problem(String actual, String expected) {
        return actual.equals(expected) ? null : "SHA-256 mismatch: expected " + expected + ", got " + actual;
    }
}
