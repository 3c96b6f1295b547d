package org.heartsounds.export;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import onnx.Onnx;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.Provenance;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.trainer.data.ImageEntry;

/**
 * Exports a run's model as a checked ONNX file: translates it ({@link OnnxGraphExporter}, with
 * {@link OnnxMetadata}), writes it to a temporary file next to the target, runs the {@link OrtParityCheck} on that
 * very file over a split of the run's prepared data, and only when the check passes renames it into place and
 * writes {@code labels.txt} and {@value #CHECK_FILE} (the numbers) beside it. A failed check deletes the temporary
 * file (and any folder this export created) and throws {@link ExportCheckFailedException}: nothing is left behind.
 */
public final class OnnxExport {
    /** The check's numbers, written next to the model. */
    public static final String CHECK_FILE = "export-check.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int opset;
    private final Split split;
    private final OrtParityCheck check;
    private final UnaryOperator<Onnx.ModelProto> beforeCheck;

    private OnnxExport(Builder b) {
        this.opset = b.opset;
        this.split = b.split;
        this.check = b.check;
        this.beforeCheck = b.beforeCheck;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The written model and the check's numbers. */
    public record Result(Path model, Path labels, Path checkFile, ParityReport report, int opset, Split split,
                         long bytes, String sha256) {
    }

    /**
     * Exports {@code source}'s network to {@code modelFile}.
     *
     * @throws ExportCheckFailedException when ONNX Runtime disagrees with DL4J; nothing is written then
     * @throws BadInputException          when the graph cannot be exported or the split has no images
     */
    public Result export(ExportSource source, Path modelFile) throws IOException {
        List<ImageEntry> images = source.data().images(split);
        if (images.isEmpty()) {
            throw new BadInputException(source.data().root(), "the " + split.folderName() + " split has no images "
                    + "to check the export on; choose another with --split");
        }
        JetsonPreprocessing pre = new JetsonPreprocessing(source.height(), source.width());
        Map<String, String> metadata = new java.util.LinkedHashMap<>(OnnxMetadata.of(source.labels(),
                source.recipeYaml(), pre, source.provenanceJson(), source.run().provenance().toString()));
        if (source.multilabel()) {
            metadata.put(OnnxMetadata.THRESHOLDS, source.thresholds().toJson().strip());
        }
        if (!source.others().isEmpty()) {
            metadata.put(OnnxMetadata.ENSEMBLE, Integer.toString(source.graphs().size()));
        }
        Onnx.ModelProto model = OnnxGraphExporter.builder().optOpset(opset).optSource(source.run().model().toString())
                .optProducerVersion(Provenance.capture(0, null, null).heartsoundsVersion()).optMetadata(metadata)
                .build().export(source.graphs(), source.height(), source.width());
        byte[] bytes = beforeCheck.apply(model).toByteArray();

        Path target = modelFile.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path firstCreated = firstMissing(dir);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", AtomicFiles.TEMP_SUFFIX);
        boolean placed = false;
        try {
            Files.write(tmp, bytes);
            ParityReport report = check.check(tmp, source.graphs(), images, source.labels(), source.height(),
                    source.width());
            if (!report.passed()) {
                throw new ExportCheckFailedException(target.toString(), report);
            }
            AtomicFiles.move(tmp, target);
            placed = true;
            Path labels = dir.resolve(JetsonLayout.LABELS);
            AtomicFiles.writeString(labels, JetsonLayout.formatLabels(source.labels()));
            Result result = new Result(target, labels, dir.resolve(CHECK_FILE), report, opset, split, bytes.length,
                    Sha256.of(bytes));
            AtomicFiles.writeString(result.checkFile(), checkJson(source, result, pre) + "\n");
            return result;
        } finally {
            if (!placed) {
                Files.deleteIfExists(tmp);
                deleteCreatedFolders(dir, firstCreated);
            }
        }
    }

    private String checkJson(ExportSource source, Result r, JetsonPreprocessing pre) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model().getFileName().toString());
        m.put("sha256", r.sha256());
        m.put("bytes", r.bytes());
        m.put("opset", r.opset());
        m.put("ir_version", OnnxGraphExporter.irVersion(r.opset()));
        m.put("run", source.run().root().toAbsolutePath().normalize().toString());
        m.put("networks_averaged", source.graphs().size());
        m.put("dataset", source.data().root().toAbsolutePath().normalize().toString());
        m.put("split", r.split().folderName());
        m.put("labels", source.labels());
        m.put("preprocessing", pre.describe());
        m.put("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
        m.put("deeplearning4j", Provenance.libraryVersion("org.deeplearning4j", "deeplearning4j-nn"));
        m.put("created_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.putAll(r.report().toMap());
        return JSON.writeValueAsString(m);
    }

    /** The outermost ancestor of {@code dir} (or {@code dir} itself) that does not exist yet, or null. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the folders this export created, from {@code dir} up to {@code top}, while they are empty. */
    private static void deleteCreatedFolders(Path dir, Path top) throws IOException {
        if (top == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
            try (var entries = Files.list(p)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(p);
        }
    }

    /** Options of an {@link OnnxExport}. */
    public static final class Builder {
        private int opset = OnnxGraphExporter.DEFAULT_OPSET;
        private Split split = Split.TEST;
        private OrtParityCheck check = OrtParityCheck.builder().build();
        private UnaryOperator<Onnx.ModelProto> beforeCheck = UnaryOperator.identity();

        private Builder() {
        }

        /** ONNX opset: 13 (default) or 11. */
        public Builder optOpset(int opset) {
            OnnxGraphExporter.builder().optOpset(opset);
            this.opset = opset;
            return this;
        }

        /** The prepared split whose images the check runs on (default test). */
        public Builder optSplit(Split split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /** The parity check (tolerance, ONNX Runtime threads). */
        public Builder optCheck(OrtParityCheck check) {
            this.check = Objects.requireNonNull(check, "check");
            return this;
        }

        /** Test hook: changes the model after export and before it is written and checked. */
        Builder optBeforeCheck(UnaryOperator<Onnx.ModelProto> hook) {
            this.beforeCheck = Objects.requireNonNull(hook, "hook");
            return this;
        }

        public OnnxExport build() {
            return new OnnxExport(this);
        }
    }
}
