package org.heartsounds.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.layout.JetsonLayout;

/**
 * The {@code metadata_props} of an exported ONNX model, under keys that heartsounds' ONNX loader reads back:
 * <ul>
 *   <li>{@value #LABELS}: the class names joined by LF, in training (output) order;</li>
 *   <li>{@value #RECIPE}: the run's full resolved recipe YAML;</li>
 *   <li>{@value #PREPROCESSING}: JSON from {@link JetsonPreprocessing#describe()} (size, RGB, scale 1/255, ImageNet
 *       mean/std, NCHW, nearest-neighbour resize, softmax output);</li>
 *   <li>{@value #PROVENANCE}: the run's provenance JSON;</li>
 *   <li>{@value #CONFIG_SHA256}, {@value #DATASET_SHA256}, {@value #GIT_COMMIT}: flat copies of the provenance's
 *       recipe hash, dataset manifest hash and git commit ("unknown" when the run did not record them).</li>
 * </ul>
 */
public final class OnnxMetadata {
    public static final String LABELS = "heartsounds.labels";
    public static final String RECIPE = "heartsounds.recipe";
    public static final String PREPROCESSING = "heartsounds.preprocessing";
    public static final String PROVENANCE = "heartsounds.provenance";
    public static final String CONFIG_SHA256 = "heartsounds.config_sha256";
    public static final String DATASET_SHA256 = "heartsounds.dataset_sha256";
    public static final String GIT_COMMIT = "heartsounds.git_commit";
    /** A multi-label export's decision thresholds (JSON), already folded into {@code output_0}. */
    public static final String THRESHOLDS = "heartsounds.thresholds";
    /**
     * An ensemble's size: {@code output_0} is the mean of that many networks' probabilities (the fold models of a
     * cross-validation); the recipe and provenance are fold 0's. Absent for one network.
     */
    public static final String ENSEMBLE = "heartsounds.ensemble";
    /** Every key written, in order. */
    public static final List<String> KEYS = List.of(LABELS, RECIPE, PREPROCESSING, PROVENANCE, CONFIG_SHA256,
            DATASET_SHA256, GIT_COMMIT);

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxMetadata() {
    }

    /**
     * The metadata properties of a model.
     *
     * @param provenanceJson the run's provenance.json ({@code core.Provenance} as JSON); null when the run has none
     * @param source         names the provenance in errors
     */
    public static Map<String, String> of(List<String> labels, String recipeYaml, JetsonPreprocessing preprocessing,
                                         String provenanceJson, String source) {
        JsonNode provenance = parse(provenanceJson, source);
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LABELS, JetsonLayout.formatLabels(labels));
        m.put(RECIPE, recipeYaml == null ? "" : recipeYaml);
        m.put(PREPROCESSING, preprocessing.toJson());
        m.put(PROVENANCE, provenanceJson == null ? "{}" : provenanceJson.strip());
        m.put(CONFIG_SHA256, text(provenance, "configSha256"));
        m.put(DATASET_SHA256, text(provenance, "dataSha256"));
        m.put(GIT_COMMIT, text(provenance, "gitCommit"));
        return m;
    }

    /** The labels stored under {@value #LABELS}. */
    public static List<String> labels(String value, String source) {
        return JetsonLayout.parseLabels(value, source);
    }

    private static JsonNode parse(String json, String source) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new BadInputException(source, "provenance is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, "provenance is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? "unknown" : v.asText();
    }
}
