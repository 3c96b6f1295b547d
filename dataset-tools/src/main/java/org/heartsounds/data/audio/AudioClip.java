package org.heartsounds.data.audio;

import java.util.Objects;

/**
 * A decoded mono recording: samples nominally in [-1, 1] (integer PCM is scaled by 2^(bits-1); float WAVs are kept
 * as stored, so values outside that range are possible), the sample rate in Hz, and the source (file name or
 * path) for messages.
 *
 * <p>{@code channels} and {@code bitsPerSample} describe the source file (0 when unknown); {@code clippedSamples}
 * counts mono samples in runs of at least {@link #CLIP_RUN} consecutive samples at full scale (integer PCM: the
 * format's minimum or maximum code; float: |x| &gt;= 1) — for multi-channel files after mix-down, so clipping in one
 * channel only is not counted. A lone full-scale sample, as peak normalisation leaves, is not clipping.
 *
 * <p>The array is not copied; treat it as read-only. As for any record holding an array, {@code equals} compares
 * the array by reference.
 */
public record AudioClip(float[] samples, int sampleRate, String source, int channels, int bitsPerSample,
                        int clippedSamples) {
    /** A clip that did not come from a file: mono, unknown bit depth, clipping counted at |x| &gt;= 1. */
    public AudioClip(float[] samples, int sampleRate, String source) {
        this(samples, sampleRate, source, 1, 0, countAtLeast(samples, 1f));
    }

    public AudioClip {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(source, "source");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    /** Consecutive full-scale samples that make a clipped run; one or two are what peak normalisation leaves. */
    public static final int CLIP_RUN = 3;

    /** Samples in runs of at least {@link #CLIP_RUN} whose magnitude is at least {@code fullScale}. */
    public static int countAtLeast(float[] samples, float fullScale) {
        return countInRuns(samples, fullScale, -fullScale);
    }

    /**
     * Samples in runs of at least {@link #CLIP_RUN} consecutive samples that are each {@code >= high} or
     * {@code <= low}.
     */
    public static int countInRuns(float[] samples, float high, float low) {
        int n = 0;
        int run = 0;
        for (float x : samples) {
            if (x >= high || x <= low) {
                run++;
            } else {
                n += run >= CLIP_RUN ? run : 0;
                run = 0;
            }
        }
        return n + (run >= CLIP_RUN ? run : 0);
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
