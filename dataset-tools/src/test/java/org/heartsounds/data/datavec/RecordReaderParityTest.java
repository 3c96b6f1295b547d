package org.heartsounds.data.datavec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.recordreader.ImageRecordReader;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The WAV route (RecordReader over recordings) and the PNG route (ImageRecordReader, RGB) give the same tensor. */
class RecordReaderParityTest {
    @Test
    void wavRecordReaderAndPngRouteGiveTheSameNormalisedTensor(@TempDir Path tmp) throws Exception {
        Path wavs = tmp.resolve("wavs");
        SyntheticHeartSounds.writeDataset(wavs, new SyntheticHeartSounds.Spec(2, 1.5, 1.9, 8000, 3));
        Recipe recipe = Recipe.defaults();
        InputPipeline pipeline = new InputPipeline(recipe.audio(), recipe.spectrogram());
        ClassIndex classes = ClassIndex.of(List.of("AS", "MR", "MS", "MVP", "N"));

        // PNG route: write each recording's (single) window as PNG in a class folder, read with DataVec
        Path pngs = tmp.resolve("pngs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(wavs)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        for (Path wav : files) {
            List<AudioWindow> w = pipeline.windows(WavReader.read(wav));
            assertEquals(1, w.size(), "clips shorter than a window give one window");
            Path png = pngs.resolve(wav.getParent().getFileName().toString())
                    .resolve(wav.getFileName().toString().replace(".wav", ".png"));
            Files.createDirectories(png.getParent());
            Files.write(png, pipeline.png(w.get(0)));
        }

        WavSpectrogramRecordReader wavReader = new WavSpectrogramRecordReader(pipeline, classes,
                new ParentPathLabelGenerator());
        wavReader.initialize(sorted(wavs, ".wav"));
        ImageRecordReader pngReader = PngRecordReaders.rgb(224, 224);
        pngReader.initialize(sorted(pngs, ".png"));
        assertEquals(classes.names(), pngReader.getLabels());

        // records come in the same (sorted path) order on both sides
        List<INDArray> fromWav = new ArrayList<>();
        List<Integer> labelsWav = new ArrayList<>();
        while (wavReader.hasNext()) {
            List<Writable> rec = wavReader.next();
            fromWav.add(((NDArrayWritable) rec.get(0)).get());
            labelsWav.add(rec.get(1).toInt());
        }
        assertEquals(files.size(), fromWav.size());

        RecordReaderDataSetIterator wavIt = iterator(wavReader);
        RecordReaderDataSetIterator pngIt = iterator(pngReader);
        int n = 0;
        while (wavIt.hasNext()) {
            DataSet a = wavIt.next();
            DataSet b = pngIt.next();
            assertArrayEquals(new long[] {1, 3, 224, 224}, a.getFeatures().shape());
            assertEquals(a.getFeatures(), b.getFeatures(), "tensor " + n);
            assertEquals(a.getLabels(), b.getLabels(), "label " + n);
            // and the normalised values are jetson-inference's (px/255 - mean)/std
            double px = fromWav.get(n).getDouble(0, 0, 100, 50);
            assertEquals((px / 255 - 0.485) / 0.229, a.getFeatures().getDouble(0, 0, 100, 50), 1e-5);
            n++;
        }
        assertEquals(files.size(), n);
        assertTrue(labelsWav.containsAll(List.of(0, 1, 2, 3, 4)));
    }

    /** Both routes read their files in the same (sorted) order; DataVec's FileSplit keeps directory order. */
    private static org.datavec.api.split.CollectionInputSplit sorted(Path root, String ext) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return new org.datavec.api.split.CollectionInputSplit(s.filter(p -> p.toString().endsWith(ext))
                    .sorted().map(Path::toUri).toList());
        }
    }

    private static RecordReaderDataSetIterator iterator(org.datavec.api.records.reader.RecordReader rr) {
        rr.reset();
        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(rr, 1, 1, 5);
        it.setPreProcessor(ImageNetNormalization.normalizer());
        return it;
    }
}
