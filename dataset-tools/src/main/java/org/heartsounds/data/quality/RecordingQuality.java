package org.heartsounds.data.quality;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The quality measurements of one recording and the flags they raise.
 *
 * @param seconds           length
 * @param rmsDbfs           root-mean-square level after DC removal, dB relative to full scale (-inf for silence)
 * @param clippedFraction   share of samples in clipped runs
 * @param heartBandFraction share of the energy above 20 Hz that lies in 20-400 Hz (NaN for silence)
 * @param flags             the checks it fails, in {@link QualityFlag} order; empty: usable
 * @param reasons           one phrase per flag with the measured value and the threshold
 */
public record RecordingQuality(double seconds, double rmsDbfs, double clippedFraction, double heartBandFraction,
                               List<QualityFlag> flags, List<String> reasons) {
    public RecordingQuality {
        flags = List.copyOf(flags);
        reasons = List.copyOf(reasons);
    }

    public boolean usable() {
        return flags.isEmpty();
    }

    /** Flags as written in a manifest cell: {@code short;silent}, empty when usable. */
    public String flagKeys() {
        return flags.stream().map(QualityFlag::key).collect(Collectors.joining(";"));
    }

    /** The reasons joined: {@code short (0.10 s, below 0.50 s); silent (-inf dBFS, below -60 dBFS)}. */
    public String describe() {
        return String.join("; ", reasons);
    }

    static String db(double v) {
        return Double.isInfinite(v) ? "-inf" : String.format(Locale.ROOT, "%.1f", v);
    }
}
