package org.heartsounds.evaluation.explain;

/**
 * One Grad-CAM map: where in one input image the evidence for one class lies.
 *
 * @param classIndex the explained class (the model's label order)
 * @param score      the network's pre-softmax score for that class
 * @param coarse     the map at the explained vertex's resolution, before upsampling, unscaled ({@code [h][w]})
 * @param map        the map upsampled to the input image ({@code [height][width]}, row 0 at the top) and divided by
 *                   its maximum, so values lie in [0, 1]; all zeros when no location speaks for the class
 * @param peak       the maximum of the upsampled map before that division
 */
public record ClassActivationMap(int classIndex, double score, float[][] coarse, float[][] map, double peak) {
    public ClassActivationMap {
        coarse = copy(coarse);
        map = copy(map);
    }

    /** A map from its coarse and upsampled forms; the upsampled one is scaled to a maximum of 1. */
    static ClassActivationMap of(int classIndex, double score, float[][] coarse, float[][] upsampled) {
        double peak = 0;
        for (float[] row : upsampled) {
            for (float v : row) {
                peak = Math.max(peak, v);
            }
        }
        float[][] scaled = new float[upsampled.length][];
        for (int y = 0; y < upsampled.length; y++) {
            scaled[y] = new float[upsampled[y].length];
            for (int x = 0; x < scaled[y].length; x++) {
                scaled[y][x] = peak > 0 ? (float) Math.max(0, upsampled[y][x] / peak) : 0f;
            }
        }
        return new ClassActivationMap(classIndex, score, coarse, scaled, peak);
    }

    @Override
    public float[][] coarse() {
        return copy(coarse);
    }

    @Override
    public float[][] map() {
        return copy(map);
    }

    public int height() {
        return map.length;
    }

    public int width() {
        return map.length == 0 ? 0 : map[0].length;
    }

    /**
     * Where along the time axis the evidence lies: the map's column sums, scaled to sum to 1 (all zeros for an empty
     * map). Column {@code x} covers {@code [x, x + 1) / width} of the window.
     */
    public double[] timeProfile() {
        double[] p = new double[width()];
        double total = 0;
        for (float[] row : map) {
            for (int x = 0; x < row.length; x++) {
                p[x] += row[x];
                total += row[x];
            }
        }
        for (int x = 0; x < p.length && total > 0; x++) {
            p[x] /= total;
        }
        return p;
    }

    /** The share of the map's mass in columns {@code [from, to)}; 0 for an empty map. */
    public double massInColumns(int from, int to) {
        double[] p = timeProfile();
        double s = 0;
        for (int x = Math.max(0, from); x < Math.min(to, p.length); x++) {
            s += p[x];
        }
        return s;
    }

    /** The map as one row-major array (for rank statistics). */
    public double[] flat() {
        double[] out = new double[height() * width()];
        int i = 0;
        for (float[] row : map) {
            for (float v : row) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
