package org.heartsounds.data.datavec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageNetNormalizationTest {
    @Test
    void normalisesLikeJetsonInference() {
        int[] rgb = {0x000000, 0xFFFFFF, 0x7F3A10, 0x102030};
        INDArray t = ImageNetNormalization.networkInput(rgb, 2, 2);
        assertArrayEquals(new long[] {1, 3, 2, 2}, t.shape());
        for (int i = 0; i < 4; i++) {
            int[] px = {(rgb[i] >> 16) & 255, (rgb[i] >> 8) & 255, rgb[i] & 255};
            for (int c = 0; c < 3; c++) {
                double expected = (px[c] / 255.0 - ImageNetNormalization.MEAN[c]) / ImageNetNormalization.STD[c];
                assertEquals(expected, t.getDouble(0, c, i / 2, i % 2), 2e-6, "pixel " + i + " channel " + c);
            }
        }
        // white in the red plane: (1 - 0.485) / 0.229
        assertEquals(2.2489083, t.getDouble(0, 0, 0, 1), 1e-5);
    }

    @Test
    void nearestNeighbourStretchPicksFloorIndices() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, (10 * (y * 3 + x)) << 16);
            }
        }
        INDArray t = ImageNetNormalization.pixelTensor(img, 6, 4);
        // dst x -> floor(x*3/6) = 0,0,1,1,2,2 ; dst y -> floor(y*2/4) = 0,0,1,1
        float[] expectRow0 = {0, 0, 10, 10, 20, 20};
        float[] expectRow3 = {30, 30, 40, 40, 50, 50};
        assertArrayEquals(expectRow0, t.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector(), 0f);
        assertArrayEquals(expectRow3, t.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector(), 0f);
        assertEquals(0f, t.sumNumber().floatValue() - 4 * (0 + 10 + 20 + 30 + 40 + 50) + 0f, 0f);
    }
}
