package org.heartsounds.sweep.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heartsounds.evaluation.multilabel.MultiLabelCrossValidation;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.heartsounds.trainer.train.TrainingEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cv} of a multilabel recipe on a tiny synthetic clinical collection: files, levels and the summary. */
class MultiLabelCrossValidationTest {
    @TempDir
    static Path tmp;
    static Path root;
    static MultiLabelCrossValidation result;
    static TinyDataset.Prepared data;

    @BeforeAll
    static void crossValidate() throws IOException {
        Nd4jThreads.single();
        data = TinyDataset.prepareMultiLabel(tmp.resolve("ml"), 30);
        root = tmp.resolve("cv");
        result = new CrossValidationRun(data.recipe(Map.of("train.epochs", "1", "train.fast_path", "false")),
                data.data(), root, false, TrainingEvents.NONE, n -> null).runMultiLabel();
    }

    @Test
    void everyFoldHasItsThresholdsAndAThreeLevelReport() throws IOException {
        assertEquals(3, result.folds().size());
        for (int k = 0; k < 3; k++) {
            Path fold = root.resolve("fold-" + k);
            assertTrue(Files.isRegularFile(fold.resolve("thresholds.json")));
            for (String f : new String[] {MultiLabelReport.METRICS_JSON, MultiLabelReport.METRICS_TXT,
                    MultiLabelReport.REPORT_HTML}) {
                assertTrue(Files.isRegularFile(fold.resolve("test").resolve(f)), fold + "/test/" + f);
            }
            MultiLabelReport r = result.folds().get(k);
            assertEquals(3, r.levels().size());
            assertTrue(r.level("patients").count() <= r.level("recordings").count());
            assertTrue(r.level("recordings").count() <= r.level("windows").count());
        }
    }

    @Test
    void summaryGivesMeanAndSdOverFolds() throws IOException {
        JsonNode s = new ObjectMapper().readTree(root.resolve("summary.json").toFile());
        assertEquals("multilabel", s.get("task").asText());
        assertEquals(3, s.get("folds").asInt());
        double mean = 0;
        for (MultiLabelReport r : result.folds()) {
            mean += r.level("patients").macro().auroc() / 3;
        }
        assertEquals(mean, s.get("patients").get("macro_auroc").get("mean").asDouble(), 1e-9);
        String text = Files.readString(root.resolve("summary.txt"));
        assertTrue(text.contains("multi-label") && text.contains("AUROC MR") && text.contains("±"), text);
    }

    /** The same data as a multi-class problem on each recording's first label, read per label afterwards. */
    @Test
    void aMultiClassCrossValidationIsReadPerLabelSideBySide() throws IOException {
        Path mc = tmp.resolve("cv-multiclass");
        new CrossValidationRun(data.recipe(Map.of("train.epochs", "1", "train.fast_path", "false", "train.task",
                "multiclass", "train.early_stopping.metric", "val_balanced_acc")), data.data(), mc, false,
                TrainingEvents.NONE, n -> null).run();
        MultiLabelCrossValidation perLabel = org.heartsounds.evaluation.cv.CrossValidationEvaluation.perLabel(mc,
                data.data(), tmp.resolve("per-label"), null);
        assertEquals(3, perLabel.folds().size());
        for (MultiLabelReport r : perLabel.folds()) {
            assertEquals("youden", r.thresholds().rule(), "thresholds chosen on each fold's validation part");
            assertEquals(3, r.levels().size());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("per-label").resolve("summary-per-label.txt")));
        assertTrue(Files.isRegularFile(tmp.resolve("per-label").resolve("fold-2-per-label")
                .resolve(MultiLabelReport.METRICS_JSON)));
    }
}
