package org.heartsounds.data.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * jetson-inference's dataset layout, which {@code data prepare} writes and training reads:
 * {@code <root>/{train,val,test}/<class>/<name>.png} plus {@code <root>/labels.txt} — one class per line in sorted
 * order, LF line endings, no trailing blank line (imagenet.py turns a trailing newline into an extra class).
 */
public record JetsonLayout(Path root) {
    public static final String LABELS = "labels.txt";
    public static final String MANIFEST = "manifest.csv";
    public static final String CONFIG = "config.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String GROUPS = "groups.txt";
    /** The folder of the training-only waveform variants of every window ({@code audio.augment}). */
    public static final String AUGMENTED = "augmented";
    /** jetson-inference's default input blob name ({@code --input_blob=input_0}). */
    public static final String INPUT_BLOB = "input_0";
    /** jetson-inference's default output blob name ({@code --output_blob=output_0}). */
    public static final String OUTPUT_BLOB = "output_0";

    public Path labelsFile() {
        return root.resolve(LABELS);
    }

    public Path splitDir(String split) {
        return root.resolve(split);
    }

    public Path image(String split, String label, String name) {
        return root.resolve(split).resolve(label).resolve(name);
    }

    /**
     * Variant {@code copy} of a window's image ({@code audio.augment}): {@code <root>/augmented/<class>/<stem>_aK.png}
     * beside the split folders, so jetson-inference's {@code train.py} never sees it.
     */
    public Path augmentedImage(String label, String windowImageName, int copy) {
        String stem = windowImageName.endsWith(".png") ? windowImageName.substring(0, windowImageName.length() - 4)
                : windowImageName;
        return root.resolve(AUGMENTED).resolve(label).resolve(stem + "_a" + copy + ".png");
    }

    /** Writes labels.txt atomically: labels joined by LF, no trailing newline. */
    public void writeLabels(List<String> labels) throws IOException {
        AtomicFiles.writeString(labelsFile(), formatLabels(labels));
    }

    public static String formatLabels(List<String> labels) {
        for (String l : labels) {
            if (l.isEmpty() || l.contains("\n") || l.contains("\r")) {
                throw new IllegalArgumentException("a label must be a non-empty single line: '" + l + "'");
            }
        }
        return String.join("\n", labels);
    }

    /** Reads a labels.txt; tolerant of one trailing newline and CRLF, strict about blank or duplicate labels. */
    public static List<String> readLabels(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read labels: " + e.getMessage(), e);
        }
        return parseLabels(text, file.toString());
    }

    /** Parses labels.txt text read from {@code source} (named in errors); same rules as {@link #readLabels}. */
    public static List<String> parseLabels(String text, String source) {
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> labels = new ArrayList<>();
        int line = 0;
        for (String l : text.split("\n", -1)) {
            line++;
            String label = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            if (label.isBlank()) {
                throw new BadInputException(source, "blank label on line " + line);
            }
            if (labels.contains(label)) {
                throw new BadInputException(source, "duplicate label '" + label + "' on line " + line);
            }
            labels.add(label);
        }
        return labels;
    }
}
