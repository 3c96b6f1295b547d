package org.heartsounds.data.spectrogram;

/**
 * The Slaney (Auditory Toolbox) mel scale, librosa's default ({@code htk=False}): linear below 1000 Hz at
 * 3 mel per 200 Hz, logarithmic above with a step of {@code ln(6.4) / 27} per mel, so 1000 Hz is 15 mel and
 * 6400 Hz is 42 mel. Written by hand (two closed-form formulas).
 */
public final class SlaneyMel {
    /** Hz per mel in the linear part: 200 / 3. */
    public static final double LINEAR_HZ_PER_MEL = 200.0 / 3.0;
    /** Frequency where the scale turns logarithmic. */
    public static final double LOG_START_HZ = 1000.0;
    /** Mel value of {@link #LOG_START_HZ}: 1000 / (200 / 3) = 15. */
    public static final double LOG_START_MEL = LOG_START_HZ / LINEAR_HZ_PER_MEL;
    /** Natural-log step per mel above 1000 Hz: ln(6.4) / 27. */
    public static final double LOG_STEP = Math.log(6.4) / 27.0;

    private SlaneyMel() {
    }

    public static double hzToMel(double hz) {
        if (hz < LOG_START_HZ) {
            return hz / LINEAR_HZ_PER_MEL;
        }
        return LOG_START_MEL + Math.log(hz / LOG_START_HZ) / LOG_STEP;
    }

    public static double melToHz(double mel) {
        if (mel < LOG_START_MEL) {
            return mel * LINEAR_HZ_PER_MEL;
        }
        return LOG_START_HZ * Math.exp(LOG_STEP * (mel - LOG_START_MEL));
    }
}
