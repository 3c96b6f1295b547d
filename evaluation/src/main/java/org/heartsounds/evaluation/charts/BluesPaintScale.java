package org.heartsounds.evaluation.charts;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;

import org.jfree.chart.renderer.PaintScale;

/**
 * A sequential white-to-dark-blue colour scale (ColorBrewer "Blues", 9 stops, linearly interpolated): the larger
 * the value the darker the colour, strictly, so the darkest cell of a heatmap is its largest value.
 */
public final class BluesPaintScale implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] STOPS = {
            0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B};

    private final double lower;
    private final double upper;

    public BluesPaintScale(double lower, double upper) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("upper bound " + upper + " must exceed lower bound " + lower);
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return colour(fraction(value));
    }

    /** Where {@code value} lies between the bounds, clamped to [0, 1]. */
    public double fraction(double value) {
        double f = (value - lower) / (upper - lower);
        return Double.isNaN(f) ? 0.0 : Math.max(0.0, Math.min(1.0, f));
    }

    /** The colour at fraction {@code f} in [0, 1] of the scale. */
    static Color colour(double f) {
        double pos = f * (STOPS.length - 1);
        int i = Math.min((int) Math.floor(pos), STOPS.length - 2);
        double t = pos - i;
        Color a = new Color(STOPS[i]);
        Color b = new Color(STOPS[i + 1]);
        return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t),
                mix(a.getBlue(), b.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BluesPaintScale s && s.lower == lower && s.upper == upper;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lower) * 31 + Double.hashCode(upper);
    }
}
