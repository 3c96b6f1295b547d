package org.heartsounds.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssignment;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.source.CsvParser;

/**
 * A dataset folder written by {@code data prepare}: its labels, its recipe, and one {@link ImageEntry} per PNG, read
 * from {@code manifest.csv} (recording, labels, group, split, number of windows). Every listed image must exist and
 * every label must be in labels.txt; otherwise the error names the file and the problem.
 */
public final class PreparedDataset {
    /** Largest manifest read (64 MiB). */
    public static final long MAX_MANIFEST_BYTES = 64L << 20;

    private final JetsonLayout layout;
    private final List<String> labels;
    private final Recipe recipe;
    private final List<Recording> recordings;
    private final List<String> groups;
    private final List<Split> splits;
    private final List<List<ImageEntry>> imagesOfRecording;
    private final String manifestSha256;
    private final Map<String, String> qualityFlags;

    private PreparedDataset(JetsonLayout layout, List<String> labels, Recipe recipe, List<Recording> recordings,
                            List<String> groups, List<Split> splits, List<List<ImageEntry>> images, String sha,
                            Map<String, String> qualityFlags) {
        this.qualityFlags = Map.copyOf(qualityFlags);
        this.layout = layout;
        this.labels = List.copyOf(labels);
        this.recipe = recipe;
        this.recordings = List.copyOf(recordings);
        this.groups = List.copyOf(groups);
        this.splits = List.copyOf(splits);
        this.imagesOfRecording = images;
        this.manifestSha256 = sha;
    }

    public static PreparedDataset open(Path root) {
        JetsonLayout layout = new JetsonLayout(root);
        Path manifest = root.resolve(JetsonLayout.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new BadInputException(root, "is not a prepared dataset (no " + JetsonLayout.MANIFEST
                    + "); run 'heartsounds data prepare' first");
        }
        List<String> labels = JetsonLayout.readLabels(layout.labelsFile());
        ClassIndex classes = ClassIndex.of(labels);
        Recipe recipe = ConfigLoader.load(Recipe.class, Recipe.defaults(), root.resolve(JetsonLayout.CONFIG));
        byte[] bytes = readBounded(manifest);
        List<CsvParser.Row> rows = CsvParser.parse(new String(bytes, StandardCharsets.UTF_8), manifest.toString());
        if (rows.isEmpty()) {
            throw new BadInputException(manifest, "is empty");
        }
        Map<String, Integer> col = columns(rows.get(0), manifest);
        List<Recording> recordings = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<List<ImageEntry>> images = new ArrayList<>();
        Map<String, String> qualityFlags = new LinkedHashMap<>();
        for (CsvParser.Row row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            String where = "line " + row.line();
            String id = cell(row, col, "recording", manifest);
            List<String> recLabels = List.of(cell(row, col, "labels", manifest).split(";"));
            String label = recLabels.get(0);
            List<Integer> labelIndices = new ArrayList<>();
            for (String l : recLabels) {
                if (!classes.contains(l)) {
                    throw new BadInputException(manifest, where + ": label '" + l + "' of '" + id
                            + "' is not in labels.txt " + labels);
                }
                labelIndices.add(classes.indexOf(l));
            }
            String group = cell(row, col, "group", manifest);
            Split split;
            try {
                split = Split.parse(cell(row, col, "split", manifest));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(manifest, where + ": " + e.getMessage());
            }
            int windows;
            try {
                windows = Integer.parseInt(cell(row, col, "windows", manifest));
            } catch (NumberFormatException e) {
                throw new BadInputException(manifest, where + ": windows is not a number");
            }
            Recording r = new Recording(id, Path.of(cell(row, col, "path", manifest)), recLabels, group, null);
            List<ImageEntry> own = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                Path png = layout.image(split.folderName(), label, DatasetPreparer.imageName(r, w));
                if (!Files.isRegularFile(png)) {
                    throw new BadInputException(png, "is listed in " + manifest + " (" + where
                            + ") but missing; re-run 'heartsounds data prepare'");
                }
                own.add(new ImageEntry(png, classes.indexOf(label), id, group, labelIndices));
            }
            if (col.containsKey("quality") && !cell(row, col, "quality", manifest).isBlank()) {
                qualityFlags.put(id, cell(row, col, "quality", manifest));
            }
            int copies = recipe.audio().augment().copies();
            for (ImageEntry e : own) {
                for (int c = 1; c <= copies; c++) {
                    Path variant = layout.augmentedImage(label, e.path().getFileName().toString(), c);
                    if (!Files.isRegularFile(variant)) {
                        throw new BadInputException(variant, "is a waveform variant (audio.augment.copies: " + copies
                                + ") of " + e.path() + " but missing; re-run 'heartsounds data prepare'");
                    }
                }
            }
            recordings.add(r);
            groups.add(group);
            splits.add(split);
            images.add(List.copyOf(own));
        }
        return new PreparedDataset(layout, labels, recipe, recordings, groups, splits, images, Sha256.of(bytes),
                qualityFlags);
    }

    private static byte[] readBounded(Path file) {
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw new BadInputException(file, "is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> columns(CsvParser.Row header, Path manifest) {
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            col.put(header.fields().get(i).trim(), i);
        }
        for (String need : List.of("recording", "path", "labels", "group", "split", "windows")) {
            if (!col.containsKey(need)) {
                throw new BadInputException(manifest, "has no '" + need + "' column (header: " + header.fields() + ")");
            }
        }
        return col;
    }

    private static String cell(CsvParser.Row row, Map<String, Integer> col, String name, Path manifest) {
        int i = col.get(name);
        if (i >= row.fields().size()) {
            throw new BadInputException(manifest, "line " + row.line() + ": no value for '" + name + "'");
        }
        return row.fields().get(i);
    }

    public Path root() {
        return layout.root();
    }

    public List<String> labels() {
        return labels;
    }

    public ClassIndex classes() {
        return ClassIndex.of(labels);
    }

    /**
     * The quality flags {@code data prepare} gave a recording ({@code short;silent}, see {@code data.quality}), empty
     * when it passed or the folder predates the checks.
     */
    public String qualityOf(String recordingId) {
        return qualityFlags.getOrDefault(recordingId, "");
    }

    /**
     * One line on the flagged recordings among {@code images}' recordings, e.g. {@code 3 of the 120 training
     * recordings carry quality flags (short 2, silent 1) ...}; null when none does.
     *
     * @param what which recordings, e.g. {@code training}
     * @param use  what happens to them, e.g. {@code are trained on}
     */
    public String qualityNote(List<ImageEntry> images, String what, String use) {
        Set<String> ids = new LinkedHashSet<>();
        images.forEach(i -> ids.add(i.recording()));
        Map<String, Integer> counts = new TreeMap<>();
        int flagged = 0;
        for (String id : ids) {
            String q = qualityOf(id);
            if (!q.isEmpty()) {
                flagged++;
                for (String f : q.split(";")) {
                    counts.merge(f, 1, Integer::sum);
                }
            }
        }
        if (flagged == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((f, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(f).append(' ').append(n));
        return String.format(Locale.ROOT, "quality: %d of the %d %s recordings carry quality flags (%s) "
                + "and %s (data.quality.action: warn kept them; prepare with exclude to leave them out)", flagged,
                ids.size(), what, sb, use);
    }

    /** The recipe the folder was prepared with. */
    public Recipe recipe() {
        return recipe;
    }

    /** SHA-256 of manifest.csv: it lists every recording's SHA-256, split and image count. */
    public String manifestSha256() {
        return manifestSha256;
    }

    public List<Recording> recordings() {
        return recordings;
    }

    /** The groups of the recordings as written by prepare (shared audio). */
    public GroupAssignment groups() {
        return new GroupAssignment(groups, null);
    }

    /** Every recording on its own (file-level protocols). */
    public GroupAssignment singletonGroups() {
        return new GroupAssignment(recordings.stream().map(Recording::id).toList(), null);
    }

    /** The images of the split prepare assigned. */
    public List<ImageEntry> images(Split split) {
        List<ImageEntry> out = new ArrayList<>();
        for (int i = 0; i < recordings.size(); i++) {
            if (splits.get(i) == split) {
                out.addAll(imagesOfRecording.get(i));
            }
        }
        return out;
    }

    /** The images of the given recordings (indices into {@link #recordings()}), in that order. */
    public List<ImageEntry> imagesOf(List<Integer> recordingIndices) {
        List<ImageEntry> out = new ArrayList<>();
        for (int i : recordingIndices) {
            out.addAll(imagesOfRecording.get(i));
        }
        return out;
    }

    /** Waveform variants per window ({@code audio.augment.copies} of the folder's recipe), 0 = none. */
    public int copies() {
        return recipe.audio().augment().copies();
    }

    /**
     * Variant {@code copy} (1..{@link #copies()}) of every image, in the same order and with the same labels: the
     * training-only waveform augmentation {@code data prepare} rendered into {@code augmented/}.
     */
    public List<ImageEntry> variants(List<ImageEntry> images, int copy) {
        if (copy < 1 || copy > copies()) {
            throw new IllegalArgumentException("copy must be in [1, " + copies() + "], got " + copy);
        }
        return images.stream().map(e -> new ImageEntry(layout.augmentedImage(labels.get(e.label()),
                e.path().getFileName().toString(), copy), e.label(), e.recording(), e.group(), e.labels())).toList();
    }

    public int imageCount() {
        return imagesOfRecording.stream().mapToInt(List::size).sum();
    }
}
