package org.heartsounds.trainer.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.data.datavec.ImageNetNormalization;
import org.heartsounds.data.layout.JetsonLayout;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

/**
 * A trained model as one file: DL4J's {@link ModelSerializer} zip (configuration, coefficients, and the normaliser that
 * turns PNG pixels into the network's input) plus {@code heartsounds/labels.txt} (class names in output order),
 * {@code heartsounds/recipe.yaml} (audio + spectrogram settings that turn a WAV into the input, so the preprocessing
 * travels with the model) and {@code heartsounds/provenance.json}. ModelSerializer ignores the extra entries; nothing
 * is stored through Java serialisation, so reading a stranger's file never instantiates arbitrary classes.
 */
public final class ModelArchive {
    public static final String LABELS_ENTRY = "heartsounds/labels.txt";
    public static final String RECIPE_ENTRY = "heartsounds/recipe.yaml";
    public static final String PROVENANCE_ENTRY = "heartsounds/provenance.json";
    /** A multi-label model's decision thresholds ({@code DecisionThresholds} JSON); absent otherwise. */
    public static final String THRESHOLDS_ENTRY = "heartsounds/thresholds.json";
    /** Largest text entry read (1 MiB). */
    static final int MAX_TEXT_ENTRY = 1 << 20;

    private ModelArchive() {
    }

    /** Every entry's time: a fixed one, so that the same model gives the same bytes (zip's epoch, 1980-01-01). */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * A model read back: the network, its labels, its input normaliser, the recipe / provenance texts and, for a
     * multi-label model, its thresholds JSON (else null).
     */
    public record Loaded(ComputationGraph graph, List<String> labels, DataNormalization normalizer, String recipeYaml,
                         String provenanceJson, String thresholdsJson) {
    }

    /** Writes {@code graph} (without updater state) and its metadata to {@code file}, atomically. */
    public static void write(Path file, ComputationGraph graph, List<String> labels, String recipeYaml,
                             String provenanceJson) throws IOException {
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream(1 << 20);
        // The normaliser is added as ModelSerializer's own entry below: writeModel(..., normalizer) in M2.1 closes
        // its zip stream inside NormalizerSerializer and then fails with "flush() failed: stream is closed".
        ModelSerializer.writeModel(graph, dl4j, false);
        ByteArrayOutputStream normalizer = new ByteArrayOutputStream();
        NormalizerSerializer.getDefault().write(ImageNetNormalization.normalizer(), normalizer);
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put(ModelSerializer.NORMALIZER_BIN, normalizer.toByteArray());
        extra.put(LABELS_ENTRY, utf8(JetsonLayout.formatLabels(labels)));
        extra.put(RECIPE_ENTRY, utf8(recipeYaml));
        extra.put(PROVENANCE_ENTRY, utf8(provenanceJson));
        byte[] merged = merge(dl4j.toByteArray(), extra);
        AtomicFiles.writeBytes(file, merged);
    }

    /**
     * Adds (or replaces) the {@value #THRESHOLDS_ENTRY} entry of an archive {@link #write} wrote, atomically: the
     * other entries are copied unchanged, in order.
     */
    public static void putThresholds(Path file, String thresholdsJson) throws IOException {
        AtomicFiles.writeBytes(file, merge(Files.readAllBytes(file), Map.of(THRESHOLDS_ENTRY, utf8(thresholdsJson))));
    }

    /**
     * The entries of {@code zip} in order, except those named in {@code extra}, then {@code extra}'s entries, every
     * one with the fixed {@link #ENTRY_TIME}; merged in memory, because a temporary file next to the target would be
     * left behind by a kill -9.
     */
    private static byte[] merge(byte[] zip, Map<String, byte[]> extra) throws IOException {
        ByteArrayOutputStream merged = new ByteArrayOutputStream(zip.length + 4096);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(merged)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (extra.containsKey(e.getName())) {
                    continue;
                }
                out.putNextEntry(entry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                out.putNextEntry(entry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return merged.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        return e;
    }

    /** Reads a model written by {@link #write}; a zip without labels is an error naming the file. */
    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "model file not found");
        }
        try {
            String labels = text(file, LABELS_ENTRY, true);
            String recipe = text(file, RECIPE_ENTRY, false);
            String provenance = text(file, PROVENANCE_ENTRY, false);
            String thresholds = text(file, THRESHOLDS_ENTRY, false);
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), false);
            DataNormalization normalizer = ModelSerializer.restoreNormalizerFromFile(file.toFile());
            List<String> names = JetsonLayout.parseLabels(labels, file + "!" + LABELS_ENTRY);
            return new Loaded(graph, names, normalizer, recipe, provenance, thresholds);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file, "is not a readable heartsounds model: " + e.getMessage(), e);
        }
    }

    private static String text(Path file, String entry, boolean required) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                if (required) {
                    throw new BadInputException(file, "has no " + entry + " (not a heartsounds model archive)");
                }
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                byte[] bytes = in.readNBytes(MAX_TEXT_ENTRY + 1);
                if (bytes.length > MAX_TEXT_ENTRY) {
                    throw new BadInputException(file, entry + " is larger than " + MAX_TEXT_ENTRY + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
    }
}
