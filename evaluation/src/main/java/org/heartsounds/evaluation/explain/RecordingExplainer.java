package org.heartsounds.evaluation.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.heartsounds.data.segment.HeartSound;
import org.heartsounds.data.segment.HeartSoundSegmenter;
import org.heartsounds.evaluation.charts.ChartFiles;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Explains a recording's prediction: for every window, the Grad-CAM map of the class predicted for the recording
 * ({@link GradCam}) drawn over the window's spectrogram ({@link CamOverlay}), and one picture of the whole
 * recording ({@link RecordingOverlay}): the waveform with the evidence along time, windows averaged where they
 * overlap. S1 and S2 found by {@link HeartSoundSegmenter} are marked on both. Files are written atomically.
 */
public final class RecordingExplainer {
    private final GradCam cam;
    private final InputPipeline pipeline;
    private final List<String> labels;
    private final SpectrogramAxes axes;
    private final HeartSoundSegmenter segmenter = new HeartSoundSegmenter();

    /**
     * @param network  the trained network (DL4J)
     * @param labels   its class names, in output order
     * @param pipeline the preprocessing it was trained with
     */
    public RecordingExplainer(ComputationGraph network, List<String> labels, InputPipeline pipeline) {
        this(network, labels, pipeline, null);
    }

    /**
     * @param layer the vertex to explain (e.g. {@code layer3.1.relu2} for maps twice as fine in time as the last
     *              block's), or null for {@link GradCam}'s default
     */
    public RecordingExplainer(ComputationGraph network, List<String> labels, InputPipeline pipeline, String layer) {
        this.cam = GradCam.builder().setNetwork(network).optLayer(layer).build();
        this.pipeline = pipeline;
        this.labels = List.copyOf(labels);
        this.axes = SpectrogramAxes.of(pipeline.audio(), pipeline.spectrogram());
    }

    /**
     * What was written for one recording.
     *
     * @param explainedClass the class whose evidence is shown
     * @param recording      the whole-recording picture
     * @param windows        one overlay per window, in time order
     * @param heartSounds    S1/S2 found in the recording
     * @param camSeconds     time spent in Grad-CAM (DL4J's forward and backward passes)
     * @param totalSeconds   time spent in all, pictures and files included
     */
    public record Explanation(String explainedClass, Path recording, List<Path> windows, int heartSounds,
                              double camSeconds, double totalSeconds) {
        public Explanation {
            windows = List.copyOf(windows);
        }
    }

    /**
     * Explains {@code explainedClass} on every window of {@code wav} and writes the pictures into {@code dir} as
     * {@code <stem>.png} and {@code <stem>-w<NN>.png}.
     *
     * @param title first line of every picture (e.g. the file name and the prediction)
     */
    public Explanation explain(Path wav, int explainedClass, String title, Path dir, String stem) throws IOException {
        AudioClip clip;
        try {
            clip = WavReader.read(wav);
        } catch (IOException e) {
            throw new BadInputException(wav, "cannot read: " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        List<AudioWindow> windows = pipeline.windows(clip);
        int[] classes = new int[windows.size()];
        java.util.Arrays.fill(classes, explainedClass);
        INDArray input = pipeline.networkInput(windows);
        long camStart = System.nanoTime();
        List<ClassActivationMap> maps = cam.explain(input, classes);
        double camSeconds = (System.nanoTime() - camStart) / 1e9;
        List<HeartSound> sounds = segmenter.segment(clip);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<double[]> profiles = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            AudioWindow window = windows.get(w);
            List<CamOverlay.Mark> marks = new ArrayList<>();
            for (HeartSound s : sounds) {
                double t = s.seconds() - window.startSeconds();
                if (t >= 0 && t <= axes.seconds()) {
                    marks.add(new CamOverlay.Mark(t, s.kind().name()));
                }
            }
            String name = String.format(Locale.ROOT, "%s-w%02d.png", stem, w);
            String windowTitle = String.format(Locale.ROOT, "%s, window %d (%.2f-%.2f s): %s", title, w,
                    window.startSeconds(), window.startSeconds() + axes.seconds(), labels.get(explainedClass));
            byte[] png = CamOverlay.png(windowTitle, pipeline.rgb(window), maps.get(w), axes, marks,
                    CamOverlay.WIDTH, CamOverlay.HEIGHT);
            Path file = dir.resolve(name);
            AtomicFiles.writeBytes(file, png);
            written.add(file);
            profiles.add(maps.get(w).timeProfile());
        }
        List<Double> starts = windows.stream().map(AudioWindow::startSeconds).toList();
        Path whole = dir.resolve(stem + ".png");
        AtomicFiles.writeBytes(whole, ChartFiles.png(RecordingOverlay.chart(title + ": evidence for "
                        + labels.get(explainedClass), clip, starts, axes.seconds(), profiles, sounds),
                RecordingOverlay.WIDTH, RecordingOverlay.HEIGHT));
        return new Explanation(labels.get(explainedClass), whole, written, sounds.size(), camSeconds,
                (System.nanoTime() - start) / 1e9);
    }

    /** The explained vertex. */
    public String layer() {
        return cam.layer();
    }
}
