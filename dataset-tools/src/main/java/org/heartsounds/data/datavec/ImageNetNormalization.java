package org.heartsounds.data.datavec;

import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that turns RGB pixels into the network's input tensor, exactly as jetson-inference's
 * {@code imagenet.py} does on the device: RGB order, {@code (px/255 - mean)/std} with the ImageNet mean
 * (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), planar NCHW float32, after a nearest-neighbour stretch to
 * the network's H×W. Training, evaluation, prediction and export all go through this class.
 *
 * <p>The normalisation is carried by a DL4J {@link NormalizerStandardize} whose per-channel mean and std are the
 * ImageNet values scaled to pixel units ({@code 255·mean}, {@code 255·std}), so that {@code ModelSerializer} stores
 * it in the model zip and DataVec iterators apply it unchanged.
 */
public final class ImageNetNormalization {
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetNormalization() {
    }

    /** A fresh normaliser for pixel-valued ([0, 255]) NCHW RGB features. */
    public static NormalizerStandardize normalizer() {
        INDArray mean = Nd4j.create(new float[] {255f * MEAN[0], 255f * MEAN[1], 255f * MEAN[2]}, 1, 3);
        INDArray std = Nd4j.create(new float[] {255f * STD[0], 255f * STD[1], 255f * STD[2]}, 1, 3);
        return new NormalizerStandardize(mean, std);
    }

    /** Pixel-valued tensor [1,3,H,W] (RGB planes, values 0..255) from packed 0xRRGGBB pixels in row-major order. */
    public static INDArray pixelTensor(int[] rgb, int width, int height) {
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + rgb.length);
        }
        int plane = width * height;
        float[] data = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            data[i] = (p >>> 16) & 0xFF;
            data[plane + i] = (p >>> 8) & 0xFF;
            data[2 * plane + i] = p & 0xFF;
        }
        return Nd4j.create(data, new long[] {1, 3, height, width}, DataType.FLOAT);
    }

    /**
     * Pixel-valued tensor [1,3,H,W] of an image stretched to {@code width}×{@code height} by nearest neighbour, the
     * way jetson-inference resizes camera frames and files (source index {@code floor(dst * src / dst_size)}).
     */
    public static INDArray pixelTensor(BufferedImage image, int width, int height) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] src = image.getRGB(0, 0, sw, sh, null, 0, sw);
        if (sw == width && sh == height) {
            return pixelTensor(src, width, height);
        }
        int[] dst = new int[width * height];
        for (int y = 0; y < height; y++) {
            int sy = (int) ((long) y * sh / height);
            for (int x = 0; x < width; x++) {
                dst[y * width + x] = src[sy * sw + (int) ((long) x * sw / width)];
            }
        }
        return pixelTensor(dst, width, height);
    }

    /** Normalised network input [1,3,H,W] from packed RGB pixels. */
    public static INDArray networkInput(int[] rgb, int width, int height) {
        INDArray t = pixelTensor(rgb, width, height);
        normalizer().transform(t);
        return t;
    }
}
