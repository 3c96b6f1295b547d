package org.heartsounds.evaluation.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.evaluation.model.ClassifierModel;
import org.heartsounds.trainer.data.PreparedDataset;

/**
 * Whether a prepared dataset can be evaluated with a model: the same classes (in any order: predictions are mapped
 * by name) and the same preprocessing. When the model carries its recipe, the dataset's audio and spectrogram
 * settings must equal it (otherwise the images are not what the network was trained on); when it does not (an
 * ONNX file without heartsounds metadata), the dataset's images must at least have the model's input size.
 */
public final class DatasetMatch {
    private DatasetMatch() {
    }

    /** @throws BadInputException naming both sides of the first mismatch */
    public static void check(ClassifierModel model, PreparedDataset data) {
        SplitEvaluation.labelMapping(model, data.labels(), data.root().resolve(JetsonLayout.LABELS).toString());
        Recipe prepared = data.recipe();
        String where = data.root().resolve(JetsonLayout.CONFIG).toString();
        if (model.recipe().isPresent()) {
            Recipe trained = model.recipe().get();
            List<String> diff = new ArrayList<>();
            differences("audio", tree(prepared.audio().forInference()), tree(trained.audio().forInference()), diff);
            differences("spectrogram", tree(prepared.spectrogram()), tree(trained.spectrogram()), diff);
            if (!diff.isEmpty()) {
                throw new BadInputException(where, "the dataset was prepared with other settings than the model "
                        + "was trained with (dataset vs model): " + String.join("; ", diff)
                        + "; prepare the data with the model's recipe");
            }
        } else {
            prepared.spectrogram().requireSize(model.inputWidth(), model.inputHeight(), where,
                    "the model", "the dataset's preparation", "");
        }
    }

    private static JsonNode tree(Object section) {
        return ConfigLoader.yamlMapper().valueToTree(section);
    }

    /** Dotted keys whose values differ, as {@code key: a vs b}. */
    private static void differences(String prefix, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                JsonNode other = b.get(k);
                if (other == null) {
                    out.add(prefix + "." + k + ": " + a.get(k) + " vs (absent)");
                } else {
                    differences(prefix + "." + k, a.get(k), other, out);
                }
            }
        } else if (!a.equals(b)) {
            out.add(prefix + ": " + a + " vs " + b);
        }
    }
}
