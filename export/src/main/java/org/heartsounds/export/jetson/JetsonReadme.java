package org.heartsounds.export.jetson;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.export.OnnxGraphExporter;
import org.heartsounds.export.ParityReport;

/**
 * The README.md of a Jetson bundle: what the model is, the exact {@code imagenet.py} command for one image in
 * jetson-inference's form, and the command that measures accuracy on the device with {@value JetsonBundle#SCRIPT}.
 */
final class JetsonReadme {
    private JetsonReadme() {
    }

    /**
     * @param examples one example image per class, relative to the bundle root (empty when no images are bundled)
     */
    static String text(String name, ExportSource source, OnnxExport.Result export, Map<String, String> examples,
                       int bundledImages) {
        String model = JetsonBundle.modelPath(name);
        String labels = JetsonBundle.labelsPath(name);
        String test = JetsonBundle.testPath(name);
        StringBuilder s = new StringBuilder();
        s.append("# ").append(name).append(": heart-valve-disease classifier for jetson-inference\n\n");
        s.append("Exported by heartsounds from the training run `").append(source.run().root().toAbsolutePath()
                .normalize()).append("`.\n\n");
        s.append("| | |\n|---|---|\n");
        s.append("| model | `").append(model).append("` (ONNX opset ").append(export.opset()).append(", ")
                .append(export.bytes()).append(" bytes, SHA-256 `").append(export.sha256()).append("`) |\n");
        s.append("| classes | `").append(labels).append("`, in output order: ")
                .append(String.join(", ", source.labels())).append(" |\n");
        s.append("| input | `").append(OnnxGraphExporter.INPUT).append("` float32 [1, 3, ").append(source.height())
                .append(", ").append(source.width()).append("]: RGB, pixel/255, ImageNet mean/std, NCHW "
                        + "(imagenet.py's own preprocessing; images are stretched to this size) |\n");
        if (source.multilabel()) {
            s.append("| output | `").append(OnnxGraphExporter.OUTPUT).append("` float32 [1, ")
                    .append(source.labels().size()).append("]: one sigmoid per label with its decision threshold "
                            + "folded in, so a label is present when its output is at least 0.5 (").append(
                            thresholds(source)).append(") |\n");
        } else {
            s.append("| output | `").append(OnnxGraphExporter.OUTPUT).append("` float32 [1, ")
                    .append(source.labels().size()).append("]: class probabilities (softmax) |\n");
        }
        ParityReport r = export.report();
        s.append(String.format(Locale.ROOT, "| export check | ONNX Runtime vs DL4J on the %d %s images: top-1 "
                + "agreement %.2f %%, max abs probability difference %.2e (see `%s`) |%n%n", r.images(),
                export.split().folderName(), 100 * r.top1Agreement(), r.maxAbsDiff(),
                "models/" + name + "/" + OnnxExport.CHECK_FILE));
        s.append("Copy this folder to the Jetson as it is and run the commands from inside it, where jetson-inference "
                + "is installed (or in its container). The first run builds a TensorRT engine next to the model, "
                + "which takes a few minutes; later runs reuse it.\n\n");
        s.append("## Classify one spectrogram\n\n```bash\n");
        List<String> files = examples.isEmpty() ? List.of(test + "/<class>/<file>.png")
                : examples.values().stream().map(JetsonReadme::shellWord).toList();
        for (String file : files) {
            s.append(imagenetCommand(model, labels, file)).append(source.multilabel() ? " " + MULTILABEL_FLAGS : "")
                    .append('\n');
        }
        s.append("```\n\n");
        if (source.multilabel()) {
            s.append("A multi-label model: `").append(MULTILABEL_FLAGS).append("` lists every label whose output is "
                    + "at least 0.5, which is where its probability reaches the threshold heartsounds chose for it on "
                    + "the validation split (the thresholds are folded into the output layer's bias: output = "
                    + "sigmoid(logit - logit(threshold)); the probability is sigmoid(logit(output) + "
                    + "logit(threshold))).\n\n");
        }
        if (bundledImages > 0) {
            s.append("`").append(test).append("/<class>/` holds the ").append(bundledImages)
                    .append(" spectrograms of the test split, one folder per class.\n\n");
        } else {
            s.append("No images are bundled (export with `--with-test-images` to include the test split). Put "
                    + "spectrogram PNGs made with the run's recipe under `").append(test)
                    .append("/<class>/`, one folder per class named as in labels.txt.\n\n");
        }
        s.append("## Accuracy on the device\n\n```bash\n");
        s.append("python3 ").append(JetsonBundle.SCRIPT).append(" --model=").append(model).append(" --labels=")
                .append(labels);
        if (source.multilabel() && bundledImages > 0) {
            s.append(" --multilabel=").append(JetsonBundle.testLabelsPath(name));
        }
        s.append(' ').append(test).append('\n');
        s.append("```\n\nIt classifies every image under `").append(test).append("/<class>/` with jetson-inference's "
                + "imageNet (the same call imagenet.py makes) and prints the accuracy per class, overall, and the "
                + "confusion matrix. TensorRT may use FP16, so a few probabilities can differ slightly from the "
                + "export check, which ran in FP32.\n");
        return s.toString();
    }

    /** imagenet.py's multi-label mode, deciding at the folded thresholds. */
    static final String MULTILABEL_FLAGS = "--topK=0 --threshold=0.5";

    private static String thresholds(ExportSource source) {
        StringBuilder sb = new StringBuilder("thresholds ");
        for (int k = 0; k < source.labels().size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(source.labels().get(k)).append(' ')
                    .append(String.format(Locale.ROOT, "%.3f", source.thresholds().thresholds()[k]));
        }
        return sb.append(", chosen on validation by ").append(source.thresholds().rule()).toString();
    }

    /** jetson-inference's imagenet.py command for one image ({@code image} already a shell word). */
    static String imagenetCommand(String model, String labels, String image) {
        return "imagenet.py --model=" + model + " --input_blob=" + OnnxGraphExporter.INPUT + " --output_blob="
                + OnnxGraphExporter.OUTPUT + " --labels=" + labels + " " + image;
    }

    /** {@code word} as one POSIX shell word: unchanged when it is plain, else single-quoted. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9._/=:+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
