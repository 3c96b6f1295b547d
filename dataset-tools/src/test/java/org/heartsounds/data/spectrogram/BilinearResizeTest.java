package org.heartsounds.data.spectrogram;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected values follow PyTorch {@code F.interpolate(x, size, mode='bilinear', align_corners=False)}. */
class BilinearResizeTest {

    @Test
    void upsamplesWithHalfPixelCentres() {
        // out 4 from in 2: src = (d + 0.5) * 0.5 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (neighbour clamped)
        float[] out = new BilinearResize(1, 2, 1, 4).apply(new float[][] {{0f, 1f}});
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-7f);
    }

    @Test
    void downsamplesByInterpolatingBetweenCentres() {
        // out 2 from in 4: src = (d + 0.5) * 2 - 0.5 = 0.5, 2.5
        float[] out = new BilinearResize(1, 4, 1, 2).apply(new float[][] {{0f, 1f, 2f, 3f}});
        assertArrayEquals(new float[] {0.5f, 2.5f}, out, 1e-7f);
    }

    @Test
    void twoDimensionalIsTheProductOfBothAxes() {
        // [[0,1],[2,3]] -> 4x4; rows and columns both sample 0, 0.25, 0.75, 1 (see above): v = c + 2 r
        float[] out = new BilinearResize(2, 2, 4, 4).apply(new float[][] {{0f, 1f}, {2f, 3f}});
        float[] axis = {0f, 0.25f, 0.75f, 1f};
        float[] expected = new float[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                expected[r * 4 + c] = axis[c] + 2 * axis[r];
            }
        }
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void sameSizeIsIdentity() {
        float[][] in = {{1f, 2f, 3f}, {4f, 5f, 6f}};
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new BilinearResize(2, 3, 2, 3).apply(in));
    }

    @Test
    void rejectsWrongShapes() {
        BilinearResize r = new BilinearResize(2, 3, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> r.apply(new float[3][3]));
        assertThrows(IllegalArgumentException.class, () -> r.apply(new float[][] {{1f, 2f, 3f}, {1f}}));
        assertThrows(IllegalArgumentException.class, () -> new BilinearResize(0, 3, 4, 4));
    }
}
