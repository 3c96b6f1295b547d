package org.heartsounds.evaluation.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.layout.JetsonLayout;

/**
 * The class names of an ONNX classifier, from the first of: the model's metadata property
 * {@value #METADATA_KEY} (labels joined by LF, as heartsounds' exporter writes it), {@code <stem>.labels.txt} next to
 * the file, {@code labels.txt} next to it (jetson-inference's {@code models/<name>/labels.txt}).
 */
final class OnnxLabels {
    /** Metadata property holding the labels. */
    static final String METADATA_KEY = "heartsounds.labels";
    /** Largest labels file read (1 MiB). */
    static final int MAX_BYTES = 1 << 20;

    private OnnxLabels() {
    }

    /** The labels and where they came from. */
    record Found(List<String> labels, String source) {
    }

    static Found find(Path onnx, Map<String, String> metadata) {
        String fromMetadata = metadata.get(METADATA_KEY);
        if (fromMetadata != null) {
            String source = onnx + "#" + METADATA_KEY;
            return new Found(JetsonLayout.parseLabels(fromMetadata, source), source);
        }
        for (Path candidate : candidates(onnx)) {
            if (Files.isRegularFile(candidate)) {
                return new Found(JetsonLayout.parseLabels(readBounded(candidate), candidate.toString()),
                        candidate.toString());
            }
        }
        throw new BadInputException(onnx, "has no " + METADATA_KEY + " metadata, and neither "
                + candidates(onnx).get(0).getFileName() + " nor labels.txt is next to it: write the class names "
                + "into one of them, one per line, in the model's output order");
    }

    /** {@code <stem>.labels.txt}, then {@code labels.txt}, in the model's folder. */
    static List<Path> candidates(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        String name = onnx.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return List.of(dir.resolve(stem + ".labels.txt"), dir.resolve("labels.txt"));
    }

    private static String readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new BadInputException(file, "is larger than " + MAX_BYTES + " bytes; not a labels file");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read labels: " + e.getMessage(), e);
        }
    }
}
