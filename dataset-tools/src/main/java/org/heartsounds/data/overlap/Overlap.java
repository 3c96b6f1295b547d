package org.heartsounds.data.overlap;

/**
 * Two recordings that share audio: sample {@code t} of recording {@code b} matches sample {@code t + lagSamples}
 * of recording {@code a} over a run of {@code seconds}, with normalised (Pearson) correlation {@code correlation}
 * over that run.
 *
 * @param a           index of the first recording (always {@code a < b})
 * @param b           index of the second recording
 * @param lagSamples  offset of {@code b}'s start within {@code a} (negative: {@code b} starts before {@code a})
 * @param seconds     length of the matching run
 * @param correlation Pearson correlation of the two signals over the run
 */
public record Overlap(int a, int b, int lagSamples, double seconds, double correlation) {
    public Overlap {
        if (a < 0 || b <= a) {
            throw new IllegalArgumentException("overlap needs 0 <= a < b, got " + a + ", " + b);
        }
    }
}
