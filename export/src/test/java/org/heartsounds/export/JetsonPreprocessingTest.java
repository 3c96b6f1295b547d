package org.heartsounds.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jetson-inference's preprocessing: values, channel order, nearest-neighbour indices, pixel formats, description. */
class JetsonPreprocessingTest {
    @TempDir
    Path tmp;

    private static BufferedImage rgb(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void onePixelGivesImageNetNormalisedPlanarRgb() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 255 << 16 | 128);
        float[] t = new JetsonPreprocessing(1, 1).tensor(img);
        assertEquals(3, t.length);
        assertEquals((1.0 - 0.485) / 0.229, t[0], 1e-6); // R = 255
        assertEquals((0.0 - 0.456) / 0.224, t[1], 1e-6); // G = 0
        assertEquals((128 / 255.0 - 0.406) / 0.225, t[2], 1e-6); // B = 128
    }

    @Test
    void sameSizeImageEqualsTheTrainingNormalisation() {
        BufferedImage img = rgb(7, 5, 1);
        float[] t = new JetsonPreprocessing(5, 7).tensor(img);
        float[] training = ImageNetNormalization.networkInput(img.getRGB(0, 0, 7, 5, null, 0, 7), 7, 5).reshape(105)
                .toFloatVector();
        assertEquals(3 * 5 * 7, t.length);
        float max = 0;
        for (int i = 0; i < t.length; i++) {
            max = Math.max(max, Math.abs(t[i] - training[i]));
        }
        assertTrue(max <= 1e-5, "max difference to training's normalisation " + max);
    }

    @Test
    void resizeUsesJetsonsFloatNearestNeighbourIndex() {
        // 4 columns x 3 rows, each pixel's red value is its index
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 12; i++) {
            img.setRGB(i % 4, i / 4, i << 16);
        }
        float[] t = new JetsonPreprocessing(2, 6).tensor(img);
        // x: (int)(x * 4/6f) = 0,0,1,2,2,3; y: (int)(y * 3/2f) = 0,1
        int[] expected = {0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7};
        for (int i = 0; i < expected.length; i++) {
            assertEquals((expected[i] / 255f - 0.485f) / 0.229f, t[i], 1e-6, "output pixel " + i);
        }
        // 2 -> 82 columns: column 41 is source 0 in float arithmetic (41 * 0.024390243f < 1), source 1 in exact math
        BufferedImage two = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        two.setRGB(1, 0, 0xFF0000);
        float[] wide = new JetsonPreprocessing(1, 82).tensor(two);
        assertEquals(-0.485f / 0.229f, wide[41], 1e-6);
        assertEquals((1f - 0.485f) / 0.229f, wide[42], 1e-6);
    }

    @Test
    void grayIsReplicatedAlphaDroppedSixteenBitReducedToTheHighByte() throws Exception {
        JetsonPreprocessing p = new JetsonPreprocessing(1, 1);
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        Path grayPng = tmp.resolve("gray.png");
        ImageIO.write(gray, "png", grayPng.toFile());
        float[] g = p.tensor(grayPng);
        for (int c = 0; c < 3; c++) {
            assertEquals((100 / 255.0 - JetsonPreprocessing.MEAN[c]) / JetsonPreprocessing.STD[c], g[c], 1e-6,
                    "channel " + c + " (no gamma conversion of gray)");
        }
        BufferedImage wide = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        wide.getRaster().setSample(0, 0, 0, 200 * 256 + 77);
        assertEquals((200 / 255.0 - 0.485) / 0.229, p.tensor(wide)[0], 1e-6);
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x10_20_30_40);
        float[] a = p.tensor(argb);
        assertEquals((0x20 / 255.0 - 0.485) / 0.229, a[0], 1e-6);
        assertEquals((0x40 / 255.0 - 0.406) / 0.225, a[2], 1e-6);
    }

    @Test
    void descriptionNamesEverySetting() throws Exception {
        JsonNode j = new ObjectMapper().readTree(new JetsonPreprocessing(224, 200).toJson());
        assertEquals("input_0", j.get("input").asText());
        assertEquals("output_0", j.get("output").asText());
        assertEquals("NCHW", j.get("layout").asText());
        assertEquals("RGB", j.get("color").asText());
        assertEquals("nearest", j.get("resize").asText());
        assertEquals("softmax", j.get("output_activation").asText());
        assertEquals(224, j.get("height").asInt());
        assertEquals(200, j.get("width").asInt());
        assertEquals(1.0 / 255.0, j.get("scale").asDouble(), 0);
        assertEquals("[1,3,224,200]", j.get("shape").toString());
        assertEquals("[0.485,0.456,0.406]", j.get("mean").toString());
        assertEquals("[0.229,0.224,0.225]", j.get("std").toString());
        assertArrayEquals(new long[] {1, 3, 224, 200}, new JetsonPreprocessing(224, 200).shape());
    }

    @Test
    void aFileThatIsNoImageIsBadInputNamingIt() throws Exception {
        Path bogus = Files.writeString(tmp.resolve("bogus.png"), "not a png");
        BadInputException e = assertThrows(BadInputException.class, () -> new JetsonPreprocessing(2, 2)
                .tensor(bogus));
        assertEquals(bogus.toString(), e.source());
        assertTrue(e.problem().contains("not an image"), e.problem());
    }
}
