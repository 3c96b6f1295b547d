package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which recordings are not usable heart sounds, and what {@code data prepare} does with them. A recording is
 * flagged when it is
 * <ul>
 *   <li>{@code short}: shorter than {@code minWindowFraction} of one window ({@code audio.window.seconds});</li>
 *   <li>{@code constant}: every sample the same value (a dead input or a stuck converter);</li>
 *   <li>{@code silent}: root-mean-square level below {@code silenceDbfs} (after DC removal);</li>
 *   <li>{@code clipped}: more than {@code maxClippedFraction} of its samples in runs of three or more consecutive
 *       samples at full scale (a peak-normalised recording touches full scale in one or two samples: not
 *       clipping);</li>
 *   <li>{@code not_heart_band}: less than {@code minHeartBandFraction} of its energy above 20 Hz lies in the
 *       heart-sound band 20-400 Hz (speech, rubbing, environmental noise).</li>
 * </ul>
 *
 * @param action               {@code warn} (default): report and keep; {@code exclude}: report and leave out of
 *                             the prepared dataset (listed with the reason in {@code excluded.csv})
 * @param minWindowFraction    in [0, 1]; 0 disables the check
 * @param silenceDbfs          in [-200, 0] dB relative to full scale
 * @param maxClippedFraction   in [0, 1]; 1 disables the check
 * @param minHeartBandFraction in [0, 1]; 0 disables the check
 */
public record QualitySpec(Action action, double minWindowFraction, double silenceDbfs, double maxClippedFraction,
                          double minHeartBandFraction) {
    public QualitySpec {
        if (action == null) {
            action = Action.WARN;
        }
        check("min_window_fraction", minWindowFraction, 0, 1);
        check("silence_dbfs", silenceDbfs, -200, 0);
        check("max_clipped_fraction", maxClippedFraction, 0, 1);
        check("min_heart_band_fraction", minHeartBandFraction, 0, 1);
    }

    public static QualitySpec defaults() {
        return new QualitySpec(Action.WARN, 0.25, -60.0, 0.01, 0.3);
    }

    private static void check(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("data.quality." + key + " must be in [" + lo + ", " + hi + "], got "
                    + v);
        }
    }

    /** What happens to a flagged recording. */
    public enum Action {
        @JsonProperty("warn") WARN,
        @JsonProperty("exclude") EXCLUDE
    }
}
