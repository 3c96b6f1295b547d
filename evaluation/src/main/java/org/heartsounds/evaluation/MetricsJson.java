package org.heartsounds.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * Reads and writes {@code metrics.json}: the {@link MetricsReport} record tree as indented JSON (arrays of numbers
 * on one line), written atomically. Reading bounds the file size and checks the schema, so a truncated, foreign or
 * hand-edited file is reported as a {@link BadInputException} naming the file.
 */
public final class MetricsJson {
    /** Largest metrics.json read: about 2 million items with 5 classes. */
    public static final long MAX_BYTES = 256L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectWriter WRITER = MAPPER.writer(
            new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));

    private MetricsJson() {
    }

    /** Writes the report atomically. */
    public static void write(Path file, MetricsReport report) throws IOException {
        writeValue(file, report);
    }

    /** Writes any Jackson-serialisable record (e.g. a {@link CrossValidationSummary}) atomically. */
    public static void writeValue(Path file, Object value) throws IOException {
        byte[] bytes = WRITER.writeValueAsBytes(value);
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** The report as JSON text. */
    public static String toJson(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a report written by {@link #write}.
     *
     * @throws BadInputException if the file is too large, not JSON, not a metrics report or inconsistent
     */
    public static MetricsReport read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new BadInputException(file, "metrics file is " + size + " bytes, more than the limit of "
                    + MAX_BYTES);
        }
        MetricsReport report;
        try {
            report = MAPPER.readValue(Files.readAllBytes(file), MetricsReport.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new BadInputException(file, "not a valid metrics report: " + cause.getMessage(), e);
        }
        if (report == null || !MetricsReport.SCHEMA.equals(report.schema())) {
            throw new BadInputException(file, "schema is " + (report == null ? "missing" : report.schema())
                    + ", expected " + MetricsReport.SCHEMA);
        }
        if (!report.classNames().equals(report.predictions().classNames())
                || report.count() != report.predictions().size()) {
            throw new BadInputException(file, "class names or item count disagree with the stored predictions");
        }
        return report;
    }
}
