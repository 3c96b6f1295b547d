package org.heartsounds.data.overlap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test-only access to the shared Yaseen 2018 recordings: {@code HEARTSOUNDS_DATA_DIR} or {@code ../shared/datasets}.
 * Reads only the canonical 44-byte-header PCM16 mono files of that dataset (the project's WAV reader lives in
 * another package and is not used here on purpose).
 */
final class RealData {
    private RealData() {
    }

    /** The {@code yaseen2018} folder, or null when absent. */
    static Path yaseen() {
        String env = System.getenv("HEARTSOUNDS_DATA_DIR");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            candidates.add(p.resolve("../shared/datasets").normalize());
            if (Files.isRegularFile(p.resolve("pom.xml")) && !Files.isRegularFile(p.resolve("../pom.xml"))) {
                break;
            }
        }
        for (Path c : candidates) {
            Path y = c.resolve("yaseen2018");
            if (Files.isDirectory(y.resolve("AS"))) {
                return y;
            }
        }
        return null;
    }

    /** All {@code <class>/<file>.wav} under {@code root}, sorted. */
    static List<Path> wavs(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    /** 16-bit samples of a canonical PCM16 mono WAV (asserts the header fields the dataset documents). */
    static short[] pcm16(Path wav) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 44 || bb.getInt(0) != 0x46464952 || bb.getShort(20) != 1 || bb.getShort(22) != 1
                || bb.getShort(34) != 16 || bb.getInt(36) != 0x61746164) {
            throw new IOException(wav + ": not a canonical PCM16 mono WAV");
        }
        int n = Math.min(bb.getInt(40), bytes.length - 44) / 2;
        short[] s = new short[n];
        bb.position(44);
        bb.asShortBuffer().get(s);
        return s;
    }

    static float[] toFloat(short[] s) {
        float[] x = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            x[i] = s[i] / 32768f;
        }
        return x;
    }

    /** Halves the rate: 63-tap Blackman-windowed-sinc low-pass at 0.45 of the new rate, then every second sample. */
    static float[] decimate2(float[] x) {
        int taps = 63;
        int half = taps / 2;
        double[] h = new double[taps];
        double fc = 0.45 / 2; // cutoff in cycles per input sample
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            int m = k - half;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * k / (taps - 1)) + 0.08 * Math.cos(4 * Math.PI * k / (taps - 1));
            h[k] = sinc * w;
            sum += h[k];
        }
        float[] y = new float[(x.length + 1) / 2];
        for (int i = 0; i < y.length; i++) {
            double acc = 0;
            for (int k = 0; k < taps; k++) {
                int t = 2 * i + k - half;
                if (t >= 0 && t < x.length) {
                    acc += h[k] * x[t];
                }
            }
            y[i] = (float) (acc / sum);
        }
        return y;
    }
}
