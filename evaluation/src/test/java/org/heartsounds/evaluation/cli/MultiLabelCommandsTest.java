package org.heartsounds.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.model.Dl4jClassifier;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.trainer.run.RunFolder;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.DecisionThresholds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} and {@code predict} on a multi-label run (one epoch on the tiny synthetic collection). */
class MultiLabelCommandsTest {
    @TempDir
    static Path tmp;
    static TinyDataset.Prepared data;
    static Path run;

    @BeforeAll
    static void train() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepareMultiLabel(tmp.resolve("ml"), 24);
        run = tmp.resolve("run");
        TrainingRun.builder().setRecipe(data.recipe(Map.of("train.epochs", "1", "train.fast_path", "false")))
                .setData(data.data()).optRunDir(run).build().run();
    }

    @Test
    void theModelKnowsItIsMultiLabelAndCarriesItsThresholds() {
        Dl4jClassifier m = Dl4jClassifier.read(new RunFolder(run).model());
        assertTrue(m.multilabel());
        assertEquals(data.data().labels(), m.thresholds().orElseThrow().labels());
    }

    @Test
    void evaluateWritesTheMultiLabelReport() throws IOException {
        Path out = tmp.resolve("eval");
        CommandRunner r = CommandRunner.run(new EvaluateCommand(), "--run", run.toString(), "--data",
                data.root().toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("macro AUROC"), r.out());
        for (String level : List.of("windows", "recordings", "patients")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(level)), level + " line in " + r.out());
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve(MultiLabelReport.METRICS_JSON).toFile());
        assertEquals(3, json.get("levels").size());
        JsonNode windows = json.get("levels").get(0);
        assertEquals(data.data().images(Split.TEST).size(), windows.get("count").asInt());
        assertEquals(5, windows.get("per_label").size());
        assertTrue(Files.readString(out.resolve(MultiLabelReport.REPORT_HTML)).contains("Co-occurrence"));
    }

    @Test
    void predictDecidesEveryLabelAtTheModelsThresholds() throws IOException {
        Path wav = data.data().recordings().get(0).path();
        CommandRunner r = CommandRunner.run(new PredictCommand(), "--model", run.toString(), "--json",
                wav.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
        DecisionThresholds t = Dl4jClassifier.read(new RunFolder(run).model()).thresholds().orElseThrow();
        JsonNode present = result.get("present");
        assertEquals(5, present.size());
        for (int k = 0; k < 5; k++) {
            String label = t.labels().get(k);
            double p = result.get("probabilities").get(label).asDouble();
            assertEquals(p >= t.thresholds()[k], present.get(label).asBoolean(), label);
        }
        CommandRunner text = CommandRunner.run(new PredictCommand(), "--model", run.toString(), wav.toString());
        assertTrue(text.out().contains("(threshold ") && text.out().contains("  labels: "), text.out());
    }
}
