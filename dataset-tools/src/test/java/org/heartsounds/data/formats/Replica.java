package org.heartsounds.data.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.data.audio.WavWriter;
import org.heartsounds.data.source.CsvManifestSource;
import org.heartsounds.data.source.SourceListing;

/** Builds small copies of published dataset layouts in a temporary folder: tiny WAVs and label files. */
final class Replica {
    private final Path root;

    Replica(Path root) {
        this.root = root;
    }

    /** A 0.05 s PCM16 WAV at 4 kHz (a short sine) at {@code relative}. */
    Path wav(String relative) throws IOException {
        float[] samples = new float[200];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.25 * Math.sin(2 * Math.PI * 50 * i / 4000.0));
        }
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        WavWriter.writePcm16(p, samples, 4000);
        return p;
    }

    /** A text file (UTF-8) with the given lines, LF-terminated. */
    Path text(String relative, String... lines) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    Path bytes(String relative, byte[] bytes) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    Path root() {
        return root;
    }

    /** Writes the conversion as {@code manifest.csv} in the replica's root and returns its lines. */
    List<String> manifest(Conversion c) throws IOException {
        Path out = root.resolve("manifest.csv");
        ManifestCsv.write(c, out, false);
        return Files.readAllLines(out);
    }

    /** What {@code data.manifest} makes of the written {@code manifest.csv}. */
    SourceListing read() {
        return new CsvManifestSource(root.resolve("manifest.csv"), List.of()).list();
    }
}
