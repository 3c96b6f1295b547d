package org.heartsounds.data.datavec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.config.AudioSpec;
import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioPreprocessor;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.segment.WindowAnchors;
import org.heartsounds.data.spectrogram.SpectrogramRenderer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Preprocessing bound to the model: the one object that turns a WAV into the network's input tensors —
 * decode → preprocess → windows → log-mel spectrogram → RGB pixels → ImageNet-normalised NCHW. {@code data prepare}
 * writes the same pixels as PNGs, and training, evaluation, prediction and export all call this class, so the
 * network sees identical input everywhere. Thread-safe (one renderer per thread).
 */
public final class InputPipeline {
    private final AudioSpec audio;
    private final SpectrogramSpec spectrogram;
    private final AudioPreprocessor preprocessor;
    private final ThreadLocal<SpectrogramRenderer> renderer;

    public InputPipeline(AudioSpec audio, SpectrogramSpec spectrogram) {
        this.audio = audio;
        this.spectrogram = spectrogram;
        this.preprocessor = new AudioPreprocessor(audio);
        this.renderer = ThreadLocal.withInitial(() -> new SpectrogramRenderer(spectrogram));
    }

    public AudioSpec audio() {
        return audio;
    }

    public SpectrogramSpec spectrogram() {
        return spectrogram;
    }

    public int width() {
        return spectrogram.width();
    }

    public int height() {
        return spectrogram.height();
    }

    /** The preprocessed windows of a decoded recording (starting at its S1s when {@code audio.window.align: s1}). */
    public List<AudioWindow> windows(AudioClip clip) {
        return preprocessor.cut(clip.source(), preprocessor.process(clip), WindowAnchors.of(audio.window(), clip));
    }

    /** Packed 0xRRGGBB pixels (row-major, height×width) of one window: exactly the PNG {@code data prepare} writes. */
    public int[] rgb(AudioWindow window) {
        return renderer.get().rgb(window.samples(), audio.sampleRate());
    }

    /** PNG bytes of one window. */
    public byte[] png(AudioWindow window) {
        return renderer.get().png(window.samples(), audio.sampleRate());
    }

    /** Pixel-valued (0..255) tensor [1,3,H,W] of one window, before normalisation. */
    public INDArray pixels(AudioWindow window) {
        return ImageNetNormalization.pixelTensor(rgb(window), width(), height());
    }

    /** Normalised network input [windows,3,H,W] for every window of a WAV file. */
    public INDArray networkInput(Path wav) throws IOException {
        return networkInput(windows(WavReader.read(wav)));
    }

    /** Normalised network input [windows,3,H,W] of the given windows (at least one), in their order. */
    public INDArray networkInput(List<AudioWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows");
        }
        List<INDArray> tensors = new ArrayList<>(windows.size());
        for (AudioWindow w : windows) {
            tensors.add(pixels(w));
        }
        INDArray batch = Nd4j.concat(0, tensors.toArray(new INDArray[0]));
        ImageNetNormalization.normalizer().transform(batch);
        return batch;
    }
}
