package org.heartsounds.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.image.recordreader.ImageRecordReader;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.heartsounds.data.datavec.PngRecordReaders;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A set of prepared PNGs loaded into memory as the network sees them: features {@code [n, 3, H, W]} (RGB, /255,
 * ImageNet mean/std, exactly jetson-inference's input) and one-hot labels {@code [n, classes]}, in the order of
 * {@link #entries()}. Loaded once through DataVec's {@link ImageRecordReader} ({@link PngRecordReaders#rgb}) and
 * {@link ImageNetNormalization#normalizer()}; a training run of a few thousand spectrograms fits in memory and every
 * epoch then costs no decoding.
 */
public record ImageTensors(INDArray features, INDArray labels, List<ImageEntry> entries, List<String> classNames) {
    /** Images decoded per DataVec minibatch while loading. */
    private static final int LOAD_BATCH = 64;

    /**
     * Refuses a PNG whose size is not the network's: DataVec's loader would interpolate it bilinearly while
     * jetson-inference stretches by nearest neighbour, so the model would be trained or evaluated on other pixels
     * than the device feeds it. Reads only the PNG's IHDR chunk.
     *
     * @throws BadInputException naming the file, its size and the expected one (or that it is not a PNG)
     */
    static void requireSize(Path png, int width, int height) {
        byte[] head = new byte[24];
        try (InputStream in = Files.newInputStream(png)) {
            if (in.readNBytes(head, 0, 24) < 24) {
                throw new BadInputException(png, "is not a PNG image (shorter than a PNG header)");
            }
        } catch (IOException e) {
            throw new BadInputException(png, "cannot read: " + e.getMessage(), e);
        }
        boolean signature = (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R';
        if (!signature) {
            throw new BadInputException(png, "is not a PNG image");
        }
        int w = java.nio.ByteBuffer.wrap(head, 16, 4).getInt();
        int h = java.nio.ByteBuffer.wrap(head, 20, 4).getInt();
        if (w != width || h != height) {
            throw new BadInputException(png, "is " + w + "x" + h + " but the network takes " + width + "x" + height
                    + " images; resizing here would not match jetson-inference's nearest-neighbour stretch, so "
                    + "prepare the dataset again with spectrogram.width/height of the model");
        }
    }

    /**
     * The images as the network's input; every PNG must already have the network's size ({@link #requireSize}).
     */
    public static ImageTensors load(List<ImageEntry> entries, List<String> classNames, int height, int width) {
        for (ImageEntry e : entries) {
            requireSize(e.path(), width, height);
        }
        return loadResized(entries, classNames, height, width);
    }

    /**
     * The images as DataVec's loader gives them, resized (bilinearly) when they are not the network's size. Only for
     * the export check, which measures exactly that against jetson-inference's nearest-neighbour stretch and fails
     * on it; training and evaluation use {@link #load}, which refuses such images.
     */
    public static ImageTensors loadResized(List<ImageEntry> entries, List<String> classNames, int height,
                                           int width) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no images to load");
        }
        List<URI> uris = entries.stream().map(e -> e.path().toUri()).toList();
        ImageRecordReader reader = PngRecordReaders.rgb(height, width);
        try {
            reader.initialize(new CollectionInputSplit(uris));
        } catch (IOException e) {
            throw new BadInputException(entries.get(0).path(), "cannot read images: " + e.getMessage(), e);
        }
        reader.setLabels(new ArrayList<>(classNames));
        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(reader, LOAD_BATCH, 1, classNames.size());
        it.setPreProcessor(ImageNetNormalization.normalizer());
        List<INDArray> xs = new ArrayList<>();
        List<INDArray> ys = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            xs.add(ds.getFeatures().castTo(DataType.FLOAT));
            ys.add(ds.getLabels().castTo(DataType.FLOAT));
        }
        INDArray x = xs.size() == 1 ? xs.get(0) : Nd4j.concat(0, xs.toArray(INDArray[]::new));
        INDArray y = ys.size() == 1 ? ys.get(0) : Nd4j.concat(0, ys.toArray(INDArray[]::new));
        if (x.size(0) != entries.size()) {
            throw new IllegalStateException("loaded " + x.size(0) + " images, expected " + entries.size());
        }
        int[] loadedLabels = y.argMax(1).toIntVector();
        for (int i = 0; i < entries.size(); i++) {
            if (loadedLabels[i] != entries.get(i).label()) {
                throw new BadInputException(entries.get(i).path(), "is in the folder of class '"
                        + classNames.get(loadedLabels[i]) + "' but the manifest says '"
                        + classNames.get(entries.get(i).label()) + "'");
            }
        }
        return new ImageTensors(x, y, List.copyOf(entries), List.copyOf(classNames));
    }

    /**
     * As {@link #load}, with multi-hot labels {@code [n, classes]}: a 1 for every label of each image's recording
     * ({@link ImageEntry#labels()}), for multi-label training.
     */
    public static ImageTensors loadMultiHot(List<ImageEntry> entries, List<String> classNames, int height,
                                            int width) {
        ImageTensors t = load(entries, classNames, height, width);
        return new ImageTensors(t.features(), multiHot(entries, classNames.size()), t.entries(), t.classNames());
    }

    /** The multi-hot label matrix {@code [entries, classes]} of the entries' labels. */
    public static INDArray multiHot(List<ImageEntry> entries, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, entries.size(), classes);
        for (int i = 0; i < entries.size(); i++) {
            for (int k : entries.get(i).labels()) {
                y.putScalar(i, k, 1f);
            }
        }
        return y;
    }

    public int size() {
        return (int) features.size(0);
    }

    public DataSet asDataSet() {
        return new DataSet(features, labels);
    }

    /** True class indices. */
    public int[] labelIndices() {
        return labels.argMax(1).toIntVector();
    }
}
