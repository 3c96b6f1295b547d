package org.heartsounds.data.audio;

import java.util.Objects;

/**
 * A decoded mono recording: samples nominally in [-1, 1] (integer PCM is scaled by 2^(bits-1); float WAVs are kept
 * as stored, so values outside that range are possible), the sample rate in Hz, and the source (file name or
 * path) for messages.
 *
 * <p>The array is not copied; treat it as read-only. As for any record holding an array, {@code equals} compares
 * the array by reference.
 */
public record AudioClip(float[] samples, int sampleRate, String source) {
    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(source, "source");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    /** Length in seconds: number of samples / sample rate. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    @Override
    public String toString() {
        return "AudioClip[" + source + ", " + samples.length + " samples, " + sampleRate + " Hz]";
    }
}
