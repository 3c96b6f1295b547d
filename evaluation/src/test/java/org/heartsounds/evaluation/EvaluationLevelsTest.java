package org.heartsounds.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.evaluation.report.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three levels of {@link PatientLevelTest#WINDOWS} side by side, in the report's text, JSON and HTML, and old
 * metrics.json files without the new fields.
 */
class EvaluationLevelsTest {
    private static final EvaluationLevels LEVELS = EvaluationLevels.compute(PatientLevelTest.WINDOWS,
            MetricsOptions.defaults());

    @Test
    void threeLevelsWithTheirNumbersAndANote() {
        LevelComparison c = LEVELS.comparison();
        assertSame(c, LEVELS.recordings().levels());
        assertSame(c, LEVELS.patients().levels());
        assertEquals("mean", c.aggregation());
        assertEquals(List.of("windows", "recordings", "patients"), c.levels().stream()
                .map(LevelComparison.Level::level).toList());
        assertEquals(List.of(4, 3, 2), c.levels().stream().map(LevelComparison.Level::count).toList());
        // windows: A 1 of 3 right, B 0 of 1; recordings: A 1 of 2 (r1), B 0 of 1; patients: none right
        assertEquals((1 / 3.0 + 0) / 2, c.levels().get(0).balancedAccuracy(), 1e-12);
        assertEquals(0.25, c.levels().get(0).accuracy(), 1e-12);
        assertEquals(0.25, c.levels().get(1).balancedAccuracy(), 1e-12);
        assertEquals(0.5, c.levels().get(1).sensitivity().get("A"), 1e-12);
        assertEquals(0.0, c.levels().get(2).balancedAccuracy(), 0.0);
        assertEquals(List.of("2 patients", "2 patients", "2 patients"), c.levels().stream()
                .map(LevelComparison.Level::resampled).toList(), "every level resamples patients");
        assertEquals("3 recordings of 2 patients: each patient's recordings give one decision (mean of their "
                + "probabilities); confidence intervals resample patients", c.note());
        assertArrayEquals(new double[] {0.4, 0.6}, LEVELS.patients().predictions().probabilities()[0], 1e-12);

        EvaluationLevels log = EvaluationLevels.compute(PatientLevelTest.WINDOWS,
                MetricsOptions.defaults().withAggregation(Aggregation.LOG_MEAN));
        assertEquals("log_mean", log.comparison().aggregation());
        assertArrayEquals(new double[] {0.389851, 0.610149}, log.patients().predictions().probabilities()[0], 1e-6);
    }

    @Test
    void withoutPatientsOrWithOneRecordingEachThePatientLevelEqualsTheRecordingLevel() {
        EvaluationLevels none = EvaluationLevels.compute(PatientLevelTest.WINDOWS.withPatients(null),
                MetricsOptions.defaults());
        assertTrue(none.comparison().note().startsWith("no patient groups are known"), none.comparison().note());
        assertEquals(none.recordings().summary(), none.patients().summary());
        assertEquals(3, none.patients().count());
        Predictions ownPatients = PatientLevelTest.WINDOWS.withPatients(PatientLevelTest.WINDOWS.groups());
        EvaluationLevels single = EvaluationLevels.compute(ownPatients, MetricsOptions.defaults());
        assertEquals("every patient has one recording: the patient level equals the recording level",
                single.comparison().note());
        assertEquals(single.recordings().summary(), single.patients().summary());
    }

    @Test
    void textJsonAndHtmlShowTheLevelsSideBySide(@TempDir Path dir) throws IOException {
        String text = MetricsText.format(LEVELS.recordings());
        assertTrue(text.startsWith("Evaluation of 3 items, 2 classes"), text);
        assertTrue(text.contains("Levels side by side (windows -> recordings -> patients, mean of probabilities)"),
                text);
        String header = text.lines().filter(l -> l.startsWith("metric ") && l.contains("patients")).findFirst()
                .orElseThrow();
        assertTrue(header.matches("metric\\s+windows\\s+recordings\\s+patients"), header);
        String balanced = text.lines().filter(l -> l.startsWith("balanced accuracy  ")).skip(1).findFirst()
                .orElseThrow();
        assertTrue(balanced.matches("balanced accuracy\\s+0\\.1667\\s+0\\.2500\\s+0\\.0000"), balanced);
        assertTrue(text.contains("Note: 3 recordings of 2 patients"), text);

        Path f = dir.resolve("metrics.json");
        MetricsJson.write(f, LEVELS.patients());
        MetricsReport back = MetricsJson.read(f);
        assertEquals(LEVELS.comparison(), back.levels());
        assertEquals(LEVELS.patients().predictions().patients(), back.predictions().patients());
        assertEquals(LEVELS.patients().summary(), back.summary());

        String html = HtmlReport.of(LEVELS.patients()).render();
        String table = html.substring(html.indexOf("<table class=\"levels\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertTrue(table.contains("<th>windows</th><th>recordings</th><th>patients</th>"), table);
        assertTrue(table.contains("<tr><th>items</th><td class=\"num\">4</td><td class=\"num\">3</td>"
                + "<td class=\"num\">2</td></tr>"), table);
        assertTrue(table.indexOf("balanced accuracy") < table.indexOf("sensitivity A")
                && table.indexOf("sensitivity B") < table.indexOf("<th>accuracy"), table);
        assertTrue(html.contains("3 recordings of 2 patients"));
        assertTrue(html.indexOf("Balanced accuracy") < html.indexOf(">Accuracy<"), "cards: balanced first");
    }

    @Test
    void oldMetricsJsonWithoutTheNewFieldsIsStillRead(@TempDir Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(MetricsJson.toJson(LEVELS.recordings()));
        json.remove("levels");
        ((ObjectNode) json.get("summary")).remove(List.of("balancedAccuracy", "balancedAccuracyCi"));
        ((ObjectNode) json.get("predictions")).remove("patients");
        Path f = dir.resolve("metrics.json");
        Files.writeString(f, mapper.writeValueAsString(json));
        MetricsReport old = MetricsJson.read(f);
        assertEquals(MetricsReport.SCHEMA, old.schema());
        assertNull(old.levels());
        assertNull(old.summary().balancedAccuracy());
        assertNull(old.predictions().patients());
        assertEquals(LEVELS.recordings().summary().accuracy(), old.summary().accuracy(), 0.0);
        assertTrue(MetricsText.format(old).lines().anyMatch(l -> l.matches("balanced accuracy\\s+-\\s+-")),
                MetricsText.format(old));
        assertTrue(HtmlReport.of(old).render().contains("This report covers one level only."));
        // pooled again, the old predictions get the new numbers
        MetricsReport pooled = MetricsReport.pool(List.of(old), MetricsOptions.defaults());
        assertEquals(LEVELS.recordings().summary().balancedAccuracy(), pooled.summary().balancedAccuracy(), 1e-12);
        assertTrue(Files.readString(f).contains("\"schema\":\"heartsounds.metrics/1\""));
    }

    @Test
    void pooledFoldsKeepTheirPatients() {
        EvaluationLevels pooled = EvaluationLevels.pool(List.of(LEVELS.windows(), LEVELS.windows()),
                List.of(LEVELS.recordings(), LEVELS.recordings()), List.of(LEVELS.patients(), LEVELS.patients()),
                MetricsOptions.defaults());
        assertEquals(4, pooled.patients().count());
        assertEquals("patient", pooled.windows().bootstrap().unit());
        assertEquals(2, pooled.windows().bootstrap().units(), "p1 and p2 of both copies resampled together");
        assertEquals(List.of(8, 6, 4), pooled.comparison().levels().stream().map(LevelComparison.Level::count)
                .toList());
    }
}
