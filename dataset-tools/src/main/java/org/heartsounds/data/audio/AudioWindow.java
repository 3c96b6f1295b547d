package org.heartsounds.data.audio;

/**
 * One fixed-length window of a preprocessed recording: the recording it came from, its 0-based index within the
 * recording, its start time in seconds at the preprocessing sample rate, and exactly
 * {@code round(window.seconds * sampleRate)} samples (the array is not copied; treat it as read-only).
 */
public record AudioWindow(String recording, int index, double startSeconds, float[] samples) {
}
