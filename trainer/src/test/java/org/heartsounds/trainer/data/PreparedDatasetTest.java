package org.heartsounds.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a prepared folder (manifest, splits, images) and loading its PNGs as normalised tensors. */
class PreparedDatasetTest {
    @TempDir
    static Path tmp;
    static TinyDataset.Prepared tiny;

    @BeforeAll
    static void prepare() throws IOException {
        tiny = TinyDataset.prepare(tmp.resolve("tiny"), 3, 0);
    }

    @Test
    void readsRecordingsSplitsAndImages() throws IOException {
        PreparedDataset d = tiny.data();
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), d.labels());
        assertEquals(15, d.recordings().size());
        assertEquals(tiny.recipe().spectrogram(), d.recipe().spectrogram());
        int pngs;
        try (Stream<Path> s = Files.walk(tiny.root())) {
            pngs = (int) s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertEquals(pngs, d.imageCount());
        int bySplit = 0;
        for (Split split : Split.values()) {
            for (ImageEntry e : d.images(split)) {
                assertTrue(Files.isRegularFile(e.path()));
                assertEquals(split.folderName(), e.path().getParent().getParent().getFileName().toString());
                assertEquals(d.labels().get(e.label()), e.path().getParent().getFileName().toString());
                assertTrue(e.path().getFileName().toString().startsWith(
                        Path.of(e.recording()).getFileName().toString().replace(".wav", "_w")), e.toString());
                bySplit++;
            }
        }
        assertEquals(d.imageCount(), bySplit, "every image in exactly one split");
        assertTrue(d.images(Split.VAL).size() > 0 && d.images(Split.TEST).size() > 0);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            all.add(i);
        }
        assertEquals(d.imageCount(), d.imagesOf(all).size());
        assertEquals(15, d.singletonGroups().size());
        assertEquals(64, d.manifestSha256().length());
    }

    @Test
    void loadsImagesAsImageNetNormalisedTensorsInEntryOrder() throws IOException {
        List<ImageEntry> entries = tiny.data().images(Split.TRAIN);
        ImageTensors t = ImageTensors.load(entries, tiny.data().labels(), TinyDataset.SIZE, TinyDataset.SIZE);
        assertArrayEquals(new long[] {entries.size(), 3, 32, 32}, t.features().shape());
        assertArrayEquals(new long[] {entries.size(), 5}, t.labels().shape());
        assertEquals(entries.size(), t.size());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(entries.get(i).label(), t.labelIndices()[i], "labels in entry order");
        }
        int i = entries.size() - 1;
        BufferedImage png = ImageIO.read(entries.get(i).path().toFile());
        for (int[] yx : new int[][] {{0, 0}, {31, 31}, {7, 20}}) {
            int rgb = png.getRGB(yx[1], yx[0]);
            int[] px = {(rgb >>> 16) & 0xFF, (rgb >>> 8) & 0xFF, rgb & 0xFF};
            for (int c = 0; c < 3; c++) {
                double expected = (px[c] / 255.0 - ImageNetNormalization.MEAN[c]) / ImageNetNormalization.STD[c];
                assertEquals(expected, t.features().getDouble(i, c, yx[0], yx[1]), 1e-4,
                        "pixel " + yx[0] + "," + yx[1] + " channel " + c);
            }
        }
    }

    @Test
    void badFoldersAndEntriesAreBadInput() throws IOException {
        BadInputException notPrepared = assertThrows(BadInputException.class,
                () -> PreparedDataset.open(tmp.resolve("nothing")));
        assertTrue(notPrepared.getMessage().contains("not a prepared dataset"), notPrepared.getMessage());
        ImageEntry e = tiny.data().images(Split.TRAIN).get(0);
        int wrong = (e.label() + 1) % 5;
        BadInputException mislabelled = assertThrows(BadInputException.class, () -> ImageTensors.load(
                List.of(new ImageEntry(e.path(), wrong, e.recording(), e.group())), tiny.data().labels(), 32, 32));
        assertTrue(mislabelled.getMessage().contains(e.path().getFileName().toString())
                && mislabelled.getMessage().contains("manifest says"), mislabelled.getMessage());
        // a PNG of another size than the network's is refused, not resized (jetson-inference would stretch it
        // nearest-neighbour, DataVec bilinearly); a file that is not a PNG is named too
        BadInputException size = assertThrows(BadInputException.class, () -> ImageTensors.load(List.of(e),
                tiny.data().labels(), 48, 40));
        assertTrue(size.getMessage().contains(e.path().toString()) && size.getMessage().contains("is 32x32 but the "
                + "network takes 40x48 images"), size.getMessage());
        Path notPng = tmp.resolve("not.png");
        Files.writeString(notPng, "GIF89a and then some more bytes");
        BadInputException bad = assertThrows(BadInputException.class, () -> ImageTensors.load(List.of(
                new ImageEntry(notPng, 0, "r", "g")), tiny.data().labels(), 32, 32));
        assertTrue(bad.getMessage().contains("not.png") && bad.getMessage().contains("is not a PNG image"),
                bad.getMessage());
        Path copy = tmp.resolve("copy");
        copyTree(tiny.root(), copy);
        Path victim = copy.resolve(tiny.root().relativize(e.path()));
        Files.delete(victim);
        BadInputException missing = assertThrows(BadInputException.class, () -> PreparedDataset.open(copy));
        assertTrue(missing.getMessage().contains(victim.getFileName().toString())
                && missing.getMessage().contains("missing"), missing.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
