package org.heartsounds.data.prepare;

import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.overlap.AdjacentCutDetector;
import org.heartsounds.data.quality.RecordingQuality;

/**
 * One recording after decoding and preprocessing: its source facts for the manifest, its quality, the first and
 * last second of its decoded samples (for adjacent-cut detection), where its windows should start
 * ({@code audio.window.align}; null: the hop rule) and its preprocessed signal at the recipe's sample rate (what
 * overlap detection and windowing work on).
 */
record PreparedRecording(Recording recording, String sha256, int sourceRate, int channels, int bitsPerSample,
                         double seconds, int clippedSamples, RecordingQuality quality,
                         AdjacentCutDetector.Edges edges, double[] anchors, float[] signal) {
    static PreparedRecording of(Recording r, String sha256, AudioClip clip, RecordingQuality quality,
                                double[] anchors, float[] signal) {
        return new PreparedRecording(r, sha256, clip.sampleRate(), clip.channels(), clip.bitsPerSample(),
                clip.durationSeconds(), clip.clippedSamples(), quality,
                AdjacentCutDetector.Edges.of(clip.samples(), clip.sampleRate()), anchors, signal);
    }
}
