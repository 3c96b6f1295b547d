package org.heartsounds.data.spectrogram;

/**
 * Bilinear resize of a matrix with half-pixel (pixel-centre) alignment, the {@code align_corners=False} rule of
 * PyTorch's {@code interpolate(mode='bilinear')} and OpenCV's {@code INTER_LINEAR}: output index {@code d} samples
 * the input at {@code (d + 0.5) * in / out - 0.5}, clamped below at 0; the neighbour index is clamped at the last
 * row/column. No antialiasing when shrinking (neither library does it in this mode). Each value is computed as
 * {@code a + w (b - a)}, so equal neighbours give exactly their value (a constant matrix stays exactly constant,
 * which the colormap rounding relies on). Written by hand: the
 * interpolation tables are precomputed for one input/output shape so repeated resizes only do the arithmetic.
 * Immutable and thread-safe.
 */
public final class BilinearResize {
    private final int inRows;
    private final int inCols;
    private final int outRows;
    private final int outCols;
    private final Axis rows;
    private final Axis cols;

    public BilinearResize(int inRows, int inCols, int outRows, int outCols) {
        if (inRows < 1 || inCols < 1 || outRows < 1 || outCols < 1) {
            throw new IllegalArgumentException("resize shapes must be positive, got " + inRows + "x" + inCols
                    + " -> " + outRows + "x" + outCols);
        }
        this.inRows = inRows;
        this.inCols = inCols;
        this.outRows = outRows;
        this.outCols = outCols;
        this.rows = new Axis(inRows, outRows);
        this.cols = new Axis(inCols, outCols);
    }

    public boolean accepts(int rowsIn, int colsIn) {
        return rowsIn == inRows && colsIn == inCols;
    }

    /**
     * Resizes {@code src} ({@code inRows x inCols}) to {@code outRows x outCols}, returned row-major in one array
     * (element {@code [r][c]} at {@code r * outCols + c}).
     */
    public float[] apply(float[][] src) {
        if (src.length != inRows) {
            throw new IllegalArgumentException("expected " + inRows + " rows, got " + src.length);
        }
        float[][] horizontal = new float[inRows][outCols];
        for (int r = 0; r < inRows; r++) {
            float[] in = src[r];
            if (in.length != inCols) {
                throw new IllegalArgumentException("row " + r + " has " + in.length + " columns, expected " + inCols);
            }
            float[] out = horizontal[r];
            for (int c = 0; c < outCols; c++) {
                float a = in[cols.lower[c]];
                out[c] = a + cols.weight[c] * (in[cols.upper[c]] - a);
            }
        }
        float[] result = new float[outRows * outCols];
        for (int r = 0; r < outRows; r++) {
            float w = rows.weight[r];
            float[] a = horizontal[rows.lower[r]];
            float[] b = horizontal[rows.upper[r]];
            int base = r * outCols;
            for (int c = 0; c < outCols; c++) {
                result[base + c] = a[c] + w * (b[c] - a[c]);
            }
        }
        return result;
    }

    /** Source indices and weight of the upper neighbour, per output index along one axis. */
    private static final class Axis {
        final int[] lower;
        final int[] upper;
        final float[] weight;

        Axis(int in, int out) {
            lower = new int[out];
            upper = new int[out];
            weight = new float[out];
            double scale = (double) in / out;
            for (int d = 0; d < out; d++) {
                double src = Math.max(0.0, (d + 0.5) * scale - 0.5);
                int i0 = Math.min((int) src, in - 1);
                lower[d] = i0;
                upper[d] = Math.min(i0 + 1, in - 1);
                weight[d] = (float) (src - i0);
            }
        }
    }
}
