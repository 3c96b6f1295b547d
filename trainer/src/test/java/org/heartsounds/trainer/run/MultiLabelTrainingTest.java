package org.heartsounds.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.heartsounds.data.source.CsvParser;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.trainer.data.ImageEntry;
import org.heartsounds.trainer.data.ImageTensors;
import org.heartsounds.trainer.model.ResNet18;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.heartsounds.trainer.train.Inference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * {@code train.task: multilabel} end to end on a tiny synthetic clinical collection: multi-hot labels from the
 * manifest through the prepared dataset into the network's targets, a sigmoid head with binary cross-entropy, and
 * decision thresholds chosen on validation, saved in the run folder and in model.zip.
 */
class MultiLabelTrainingTest {
    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    static TrainingRun.Result run;

    @BeforeAll
    static void train() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepareMultiLabel(tmp.resolve("ml"), 24);
        run = TrainingRun.builder().setRecipe(data.recipe(Map.of("train.epochs", "2"))).setData(data.data())
                .optRunDir(tmp.resolve("run")).build().run();
    }

    @Test
    void aMultiHotLabelRoundTripsFromTheManifestToTheNetworksTargets() throws IOException {
        Path manifest = Path.of(data.recipe().data().manifest());
        List<CsvParser.Row> rows = CsvParser.parse(Files.readString(manifest), manifest.toString());
        Map<String, String> labelsOf = new HashMap<>();
        for (CsvParser.Row r : rows.subList(1, rows.size())) {
            labelsOf.put(r.fields().get(0), r.fields().get(1));
        }
        List<String> names = data.data().labels();
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), names);
        List<ImageEntry> all = new ArrayList<>();
        for (Split s : Split.values()) {
            all.addAll(data.data().images(s));
        }
        int multi = 0;
        INDArray y = ImageTensors.multiHot(all, names.size());
        for (int i = 0; i < all.size(); i++) {
            ImageEntry e = all.get(i);
            String expected = labelsOf.get(e.recording());
            assertNotNull(expected, e.recording());
            List<String> got = e.labels().stream().map(names::get).toList();
            assertEquals(expected, String.join(";", got), e.path().toString());
            for (int k = 0; k < names.size(); k++) {
                assertEquals(got.contains(names.get(k)) ? 1.0 : 0.0, y.getDouble(i, k), e.path().toString());
            }
            multi += got.size() > 1 ? 1 : 0;
        }
        assertTrue(multi > 0, "the tiny collection has windows with two labels");
    }

    @Test
    void theHeadIsOneSigmoidPerLabelWithBinaryCrossEntropy() {
        OutputLayer head = (OutputLayer) run.bestModel().getLayer(ResNet18.HEAD).conf().getLayer();
        assertTrue(head.getActivationFn() instanceof ActivationSigmoid, head.getActivationFn().toString());
        assertTrue(head.getLossFn() instanceof LossBinaryXENT, head.getLossFn().toString());
        assertEquals(5, head.getNOut());
        INDArray p = Inference.probabilities(run.bestModel(), ImageTensors.loadMultiHot(data.data().images(Split.VAL),
                data.data().labels(), TinyDataset.SIZE, TinyDataset.SIZE).features(), 64);
        boolean notSoftmax = false;
        for (int i = 0; i < p.size(0); i++) {
            notSoftmax |= Math.abs(p.getRow(i).sumNumber().doubleValue() - 1) > 1e-3;
        }
        assertTrue(notSoftmax, "independent sigmoids need not sum to 1");
    }

    @Test
    void thresholdsAreChosenOnValidationAndTravelInTheModelZip() throws IOException {
        RunFolder folder = new RunFolder(tmp.resolve("run"));
        String json = Files.readString(folder.thresholds());
        DecisionThresholds t = DecisionThresholds.fromJson(json, folder.thresholds().toString());
        assertEquals(DecisionThresholds.YOUDEN, t.rule());
        assertEquals(data.data().labels(), t.labels());
        assertEquals(data.data().images(Split.VAL).size(), t.windows());
        ModelArchive.Loaded loaded = ModelArchive.read(folder.model());
        assertEquals(json, loaded.thresholdsJson(), "the same thresholds in model.zip");
        List<String> lines = Files.readAllLines(folder.metrics());
        assertEquals(1 + 3, lines.size(), "header, epoch 0 and two epochs");
    }
}
