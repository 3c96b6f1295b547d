package org.heartsounds.bench.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.datavec.InputPipeline;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.heartsounds.trainer.inference.InferenceGraphOptimizer;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end predict timing on five synthetic WAVs with a 32 px ResNet-18: counts and stage sums, no speeds. */
class PredictLatencyBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void everyWavOfEveryPassIsOneSampleAndTheStagesAddUp() throws IOException {
        Nd4jThreads.single();
        List<Path> wavs = SyntheticHeartSounds.writeDataset(dir, new SyntheticHeartSounds.Spec(1, 3.2, 4.5, 4000, 3));
        Recipe recipe = Recipe.defaults();
        SpectrogramSpec s = recipe.spectrogram();
        InputPipeline pipeline = new InputPipeline(recipe.audio(), new SpectrogramSpec(s.nFft(), s.winLength(),
                s.hopLength(), s.window(), s.nMels(), s.fmin(), s.fmax(), s.topDb(), s.colormap(), 32, 32));
        InferenceGraphOptimizer.Optimized model = InferenceGraphOptimizer.optimize(
                ResNet18.builder().setNumClasses(5).optInputSize(32).build(), false);

        PredictLatencyBenchmark.Result r = PredictLatencyBenchmark.run(model::output, pipeline, wavs, 1, 2);

        assertEquals(32, r.size());
        assertEquals(5, r.wavs());
        double windows = 0;
        for (Path w : wavs) {
            windows += pipeline.windows(WavReader.read(w)).size();
        }
        assertEquals(windows / wavs.size(), r.meanWindows(), 1e-12);
        assertTrue(r.meanWindows() >= 2, "3.2-4.5 s recordings, 2 s windows every 1 s: " + r.meanWindows());
        for (LatencyStats st : List.of(r.total(), r.decode(), r.windows(), r.spectrogram(), r.model())) {
            assertEquals(10, st.count(), "5 WAVs x 2 passes");
            assertTrue(st.minMs() > 0);
        }
        double stages = r.decode().meanMs() + r.windows().meanMs() + r.spectrogram().meanMs() + r.model().meanMs();
        assertEquals(r.total().meanMs(), stages, 1e-9 * stages, "each total is the sum of its stages");
        assertTrue(r.total().minMs() >= r.model().minMs());
        assertThrows(IllegalArgumentException.class, () -> PredictLatencyBenchmark.run(model::output, pipeline,
                List.of(), 0, 1));
    }
}
