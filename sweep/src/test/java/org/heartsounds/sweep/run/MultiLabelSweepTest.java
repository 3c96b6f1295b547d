package org.heartsounds.sweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.synth.SyntheticCollection;
import org.heartsounds.evaluation.multilabel.MultiLabelReport;
import org.heartsounds.sweep.TinySweep;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.trainer.testing.Nd4jThreads;
import org.heartsounds.trainer.testing.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2-candidate sweep of a multilabel recipe, scored by macro AUROC on validation. */
class MultiLabelSweepTest {
    @TempDir
    Path tmp;

    @Test
    void candidatesAreScoredByValidationMacroAurocAndTheBestIsEvaluatedPerLabel() throws Exception {
        Nd4jThreads.single();
        Path manifest = SyntheticCollection.write(tmp.resolve("wavs"), new SyntheticCollection.Spec(24, 2, 3, 1.5,
                3.5, 8000, TinyDataset.SYNTH_SEED));
        Recipe single = TinySweep.base(tmp.resolve("wavs"), tmp);
        Recipe base = ConfigLoader.load(Recipe.class, single.withData(new DataSpec(null, manifest.toString(),
                tmp.resolve("unused-data").toString(), List.of())), null, Map.of("train.task", "multilabel"));
        Path out = tmp.resolve("sweep");
        Path config = TinySweep.write(tmp.resolve("ml-sweep.yaml"), base, """
                sweep:
                  out: '%s'
                  generator: grid
                  candidates: 2
                  score: val_macro_auroc
                  parameters:
                    train.learning_rate: {choice: [0.01, 0.001]}
                """.formatted(out));
        SweepRun.Result r = SweepRun.builder().setConfig(SweepConfig.load(config, Map.of())).optPrepareThreads(1)
                .build().run();
        assertNotNull(r.best());
        assertTrue(r.best().score() >= 0 && r.best().score() <= 1, "a macro AUROC: " + r.best().score());
        assertTrue(r.evaluation().multilabel());
        assertTrue(Files.isRegularFile(out.resolve(BestCandidate.VALIDATION).resolve(MultiLabelReport.REPORT_HTML)));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(r.evaluation().multiLabelValidation().level("windows").macro().auroc(),
                summary.get("best").get("validation").get("windows").get("macro_auroc").asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("report.html")).contains("(subset)"));
    }
}
