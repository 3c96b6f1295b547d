package org.heartsounds.data.segment;

/**
 * One detected heart sound.
 *
 * @param seconds  its time from the recording's start (the envelope's peak)
 * @param kind     S1 or S2
 * @param strength the envelope's height at the peak, in standard deviations above its mean
 */
public record HeartSound(double seconds, Kind kind, double strength) {
    /** The first (closure of the mitral and tricuspid valves) or second (aortic and pulmonary) heart sound. */
    public enum Kind {
        S1, S2
    }
}
