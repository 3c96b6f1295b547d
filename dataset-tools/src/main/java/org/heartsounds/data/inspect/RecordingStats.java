package org.heartsounds.data.inspect;

import org.heartsounds.data.dataset.Recording;

/**
 * Facts about one decoded recording, measured by the audio reader, for {@link DatasetInspector}.
 *
 * @param id             the recording's id ({@link Recording#id()})
 * @param sampleRate     native sample rate in Hz
 * @param channels       channels in the file
 * @param bitsPerSample  bits per sample in the file
 * @param seconds        duration
 * @param clippedSamples samples at full scale, as the audio reader counts them ({@code AudioClip#clippedSamples})
 */
public record RecordingStats(String id, int sampleRate, int channels, int bitsPerSample, double seconds,
                             int clippedSamples) {
    public RecordingStats {
        if (sampleRate <= 0 || channels <= 0 || bitsPerSample <= 0 || !(seconds >= 0) || clippedSamples < 0) {
            throw new IllegalArgumentException("invalid stats for " + id + ": rate " + sampleRate + ", channels "
                    + channels + ", bits " + bitsPerSample + ", seconds " + seconds + ", clipped " + clippedSamples);
        }
    }
}
