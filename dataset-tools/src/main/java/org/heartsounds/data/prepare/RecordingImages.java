package org.heartsounds.data.prepare;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioPreprocessor;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WaveformAugmenter;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.prepare.StageTimer.Stage;
import org.heartsounds.data.spectrogram.SpectrogramRenderer;

/**
 * The spectrogram PNGs of one recording's windows, written atomically into the prepared folder (and skipped when
 * present): the unit of work of {@code data prepare}'s render stage. The local engine hands it the signal it already
 * decoded; another engine ({@link RenderEngine}) sends a {@link Job} to a worker, which decodes the file again
 * (refusing one whose SHA-256 changed since the driver read it) and renders with the same code, so the bytes are the
 * same. Not thread-safe: one per thread.
 */
public final class RecordingImages {
    private final AudioPreprocessor pre;
    private final SpectrogramRenderer renderer;
    private final JetsonLayout layout;
    private final int sampleRate;
    private final StageTimer timer;
    private final WaveformAugmenter augmenter;
    private final int copies;

    /**
     * One recording to render.
     *
     * @param index   its position in the driver's list
     * @param path    the WAV file, as every worker sees it
     * @param sha256  the file's SHA-256 when the driver decoded it
     * @param id      the recording id (window names in logs)
     * @param label   the class folder of its images
     * @param split   the split folder of its images
     * @param anchors where its windows start (null: the hop rule)
     */
    public record Job(int index, String path, String sha256, String id, String label, String split, double[] anchors)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What rendering one recording did: its window count, PNGs written and PNGs already present. */
    public record Outcome(int index, int windows, int written, int skipped) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public RecordingImages(Recipe recipe, Path root) {
        this(recipe, root, new StageTimer());
    }

    RecordingImages(Recipe recipe, Path root, StageTimer timer) {
        this.pre = new AudioPreprocessor(recipe.audio());
        this.renderer = new SpectrogramRenderer(recipe.spectrogram());
        this.layout = new JetsonLayout(root);
        this.sampleRate = recipe.audio().sampleRate();
        this.timer = timer;
        this.copies = recipe.audio().augment().copies();
        this.augmenter = new WaveformAugmenter(recipe.audio().augment(), recipe.seed());
    }

    /** Decodes the job's file, checks its SHA-256 and renders its windows (a worker's part). */
    public Outcome render(Job job) {
        Path wav = Path.of(job.path());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wav);
        } catch (IOException e) {
            throw new BadInputException(wav, "cannot read: " + e.getMessage(), e);
        }
        if (!Sha256.of(bytes).equals(job.sha256())) {
            throw new BadInputException(wav, "changed while the dataset was being prepared (its SHA-256 is no longer "
                    + job.sha256() + "); prepare again");
        }
        AudioClip clip = WavReader.read(bytes, job.path());
        List<AudioWindow> windows = pre.cut(job.id(), pre.process(clip), job.anchors());
        return render(job, windows, () -> { });
    }

    /** Renders windows already cut from the job's recording (the local engine's part). */
    Outcome render(Job job, List<AudioWindow> windows, Runnable perWindow) {
        String file = Path.of(job.path()).getFileName().toString();
        int written = 0;
        int skipped = 0;
        for (AudioWindow w : windows) {
            String name = imageName(file, w.index());
            if (writeImage(layout.image(job.split(), job.label(), name), w.samples())) {
                written++;
            } else {
                skipped++;
            }
            for (int c = 1; c <= copies; c++) {
                int copy = c;
                Path variant = layout.augmentedImage(job.label(), name, copy);
                if (!Files.exists(variant) && writeImage(variant,
                        timer.time(Stage.AUGMENT, () -> augmenter.variant(w.samples(), job.id(), w.index(), copy)))) {
                    written++;
                } else {
                    skipped++;
                }
            }
            perWindow.run();
        }
        return new Outcome(job.index(), windows.size(), written, skipped);
    }

    /** Renders {@code samples} into {@code png} atomically; false when the file is already there. */
    private boolean writeImage(Path png, float[] samples) {
        if (Files.exists(png)) {
            return false;
        }
        float[][] db = timer.time(Stage.SPECTROGRAM, () -> renderer.melDb(samples, sampleRate));
        long t = System.nanoTime();
        byte[] bytes = renderer.encode(renderer.image(renderer.colour(db)));
        try {
            AtomicFiles.writeBytes(png, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write", e);
        }
        timer.add(Stage.PNG, System.nanoTime() - t);
        return true;
    }

    /** {@code <file stem>_w<NN>.png}: one image per window, numbered from 00. */
    public static String imageName(String fileName, int window) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return String.format(Locale.ROOT, "%s_w%02d.png", stem, window);
    }
}
