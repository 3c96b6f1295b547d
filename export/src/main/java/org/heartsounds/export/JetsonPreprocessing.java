package org.heartsounds.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jetson-inference's input preprocessing for ONNX image classifiers, written here by hand and on purpose independently
 * of DataVec and of the training pipeline's {@code ImageNetNormalization}, so that the export check proves the
 * device's input equals what the network saw in training. It follows {@code imageNet::PreProcess} ->
 * {@code cudaTensorNormMeanRGB}: a nearest-neighbour stretch to {@code width x height} with jetson-inference's float
 * index arithmetic ({@code src = (int)(dst * ((float) srcSize / (float) dstSize))}), RGB order,
 * {@code (pixel * (1/255) - mean) / std} with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225),
 * planar NCHW float32. Pixels are read as jetson-utils' {@code loadImage} decodes them: gray replicated to RGB,
 * alpha dropped, 16-bit samples reduced to their high byte.
 *
 * @param height network input height
 * @param width  network input width
 */
public record JetsonPreprocessing(int height, int width) {
    /** ImageNet channel means as jetson-inference writes them. */
    public static final double[] MEAN = {0.485, 0.456, 0.406};
    /** ImageNet channel standard deviations as jetson-inference writes them. */
    public static final double[] STD = {0.229, 0.224, 0.225};
    private static final float[] MEAN_F = {0.485f, 0.456f, 0.406f};
    private static final float[] STD_F = {0.229f, 0.224f, 0.225f};
    private static final ObjectMapper JSON = new ObjectMapper();

    public JetsonPreprocessing {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        }
    }

    /** The network input {@code [1, 3, height, width]} of a PNG (or any image ImageIO reads), bounded in size. */
    public float[] tensor(Path image) {
        return tensor(BoundedImages.read(image));
    }

    /** The network input {@code [1, 3, height, width]}, planar RGB, of {@code image}. */
    public float[] tensor(BufferedImage image) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] rgb = packedRgb(image);
        float scaleX = (float) sw / (float) width;
        float scaleY = (float) sh / (float) height;
        float multiplier = 1.0f / 255.0f;
        int plane = height * width;
        float[] out = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(sh - 1, (int) ((float) y * scaleY));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(sw - 1, (int) ((float) x * scaleX));
                int p = rgb[sy * sw + sx];
                int i = y * width + x;
                out[i] = (((p >>> 16) & 0xFF) * multiplier - MEAN_F[0]) / STD_F[0];
                out[plane + i] = (((p >>> 8) & 0xFF) * multiplier - MEAN_F[1]) / STD_F[1];
                out[2 * plane + i] = ((p & 0xFF) * multiplier - MEAN_F[2]) / STD_F[2];
            }
        }
        return out;
    }

    /** The ONNX input shape {@code [1, 3, height, width]}. */
    public long[] shape() {
        return new long[] {1, 3, height, width};
    }

    /**
     * The description stored as the ONNX metadata {@code heartsounds.preprocessing}: input and output names,
     * layout, size, colour order, scale, mean, std, resize method and the output's activation.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", OnnxGraphExporter.INPUT);
        m.put("output", OnnxGraphExporter.OUTPUT);
        m.put("layout", "NCHW");
        m.put("shape", List.of(1, 3, height, width));
        m.put("height", height);
        m.put("width", width);
        m.put("color", "RGB");
        m.put("dtype", "float32");
        m.put("scale", 1.0 / 255.0);
        m.put("mean", List.of(MEAN[0], MEAN[1], MEAN[2]));
        m.put("std", List.of(STD[0], STD[1], STD[2]));
        m.put("formula", "(pixel * scale - mean[c]) / std[c]");
        m.put("resize", "nearest");
        m.put("output_activation", "softmax");
        return m;
    }

    /** {@link #describe()} as JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(describe());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packed 0xRRGGBB pixels, row-major, read from the raster where that is exact. */
    static int[] packedRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof ComponentColorModel)) {
            // packed RGB and palette images: getRGB is exact for these (no colour-space conversion)
            return image.getRGB(0, 0, w, h, null, 0, w);
        }
        Raster r = image.getRaster();
        int bands = r.getNumBands();
        int shift = Math.max(0, cm.getComponentSize(0) - 8);
        boolean gray = bands <= 2;
        int[] out = new int[w * h];
        int[] px = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.getPixel(x, y, px);
                int red = px[0] >> shift;
                int green = gray ? red : px[1] >> shift;
                int blue = gray ? red : px[2] >> shift;
                out[y * w + x] = (red & 0xFF) << 16 | (green & 0xFF) << 8 | (blue & 0xFF);
            }
        }
        return out;
    }
}
