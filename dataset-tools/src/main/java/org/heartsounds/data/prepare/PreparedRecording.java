package org.heartsounds.data.prepare;

import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.dataset.Recording;

/**
 * One recording after decoding and preprocessing: its source facts for the manifest and its preprocessed signal
 * at the recipe's sample rate (what overlap detection and windowing work on).
 */
record PreparedRecording(Recording recording, String sha256, int sourceRate, int channels, int bitsPerSample,
                         double seconds, int clippedSamples, float[] signal) {
    static PreparedRecording of(Recording r, String sha256, AudioClip clip, float[] signal) {
        return new PreparedRecording(r, sha256, clip.sampleRate(), clip.channels(), clip.bitsPerSample(),
                clip.durationSeconds(), clip.clippedSamples(), signal);
    }
}
