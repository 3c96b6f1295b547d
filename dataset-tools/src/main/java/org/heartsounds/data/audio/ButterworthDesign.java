package org.heartsounds.data.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Butterworth band-pass design by the bilinear transform (see {@link BandPassFilter}); produces second-order
 * sections as a flat array of {b0, b1, b2, a1, a2} per section. Uses {@link StrictMath} so the coefficients are
 * bit-identical on every platform (the synthetic data generator relies on that for byte-identical files).
 */
final class ButterworthDesign {
    private ButterworthDesign() {
    }

    static double[] bandPass(double lowHz, double highHz, int order, int fs) {
        double k = 2.0 * fs;
        double w1 = k * StrictMath.tan(Math.PI * lowHz / fs);
        double w2 = k * StrictMath.tan(Math.PI * highHz / fs);
        double bw = w2 - w1;
        double w0sq = w1 * w2;
        List<double[]> complexPoles = new ArrayList<>();
        List<Double> realPoles = new ArrayList<>();
        for (int i = 0; i < order; i++) {
            double theta = Math.PI * (2 * i + order + 1) / (2.0 * order);
            // analog band-pass poles s = a +- sqrt(a^2 - w0^2), a = p * bw / 2
            double ar = StrictMath.cos(theta) * bw / 2;
            double ai = StrictMath.sin(theta) * bw / 2;
            double[] disc = csqrt(ar * ar - ai * ai - w0sq, 2 * ar * ai);
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] z = bilinear(ar + sign * disc[0], ai + sign * disc[1], k);
                if (Math.abs(z[1]) <= 1e-12 * StrictMath.hypot(z[0], z[1])) {
                    realPoles.add(z[0]);
                } else if (z[1] > 0) {
                    complexPoles.add(z);
                }
            }
        }
        double centre = 2 * StrictMath.atan(Math.sqrt(w0sq) / k);
        return sections(complexPoles, realPoles, order, centre);
    }

    private static double[] sections(List<double[]> complexPoles, List<Double> realPoles, int order, double centre) {
        double[] sos = new double[5 * order];
        int s = 0;
        for (double[] z : complexPoles) {
            s = put(sos, s, -2 * z[0], z[0] * z[0] + z[1] * z[1], centre);
        }
        double[] reals = realPoles.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int i = 0; i + 1 < reals.length; i += 2) {
            s = put(sos, s, -(reals[i] + reals[i + 1]), reals[i] * reals[i + 1], centre);
        }
        if (s != order || reals.length % 2 != 0) {
            throw new IllegalStateException("Butterworth design produced " + s + " sections for order " + order
                    + " (real poles: " + Arrays.toString(reals) + ")");
        }
        return sos;
    }

    /** Writes section s with numerator g (1 - z^-2) scaled to unit magnitude at {@code centre} rad/sample. */
    private static int put(double[] sos, int s, double a1, double a2, double centre) {
        double c1 = StrictMath.cos(centre);
        double s1 = -StrictMath.sin(centre);
        double c2 = StrictMath.cos(2 * centre);
        double s2 = -StrictMath.sin(2 * centre);
        double nr = 1 - c2;
        double ni = -s2;
        double dr = 1 + a1 * c1 + a2 * c2;
        double di = a1 * s1 + a2 * s2;
        double g = Math.sqrt((dr * dr + di * di) / (nr * nr + ni * ni));
        int o = 5 * s;
        sos[o] = g;
        sos[o + 1] = 0;
        sos[o + 2] = -g;
        sos[o + 3] = a1;
        sos[o + 4] = a2;
        return s + 1;
    }

    private static double[] bilinear(double re, double im, double k) {
        // z = (k + s) / (k - s)
        double nr = k + re;
        double dr = k - re;
        double di = -im;
        double den = dr * dr + di * di;
        return new double[] {(nr * dr + im * di) / den, (im * dr - nr * di) / den};
    }

    private static double[] csqrt(double re, double im) {
        double r = StrictMath.hypot(re, im);
        double a = Math.sqrt((r + re) / 2);
        double b = Math.copySign(Math.sqrt((r - re) / 2), im);
        return new double[] {a, b};
    }
}
