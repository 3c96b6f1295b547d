package org.heartsounds.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;

/**
 * A dataset laid out as one sub-folder per class ({@code root/AS/x.wav}, {@code root/N/y.wav}): the class is the
 * folder's name, the recordings are the folder's {@code *.wav} files (extension case-insensitive), ordered by class
 * and then by file name. Everything else is listed in {@link SourceListing#ignored()}: other files, files in
 * {@code root} itself, folders nested inside class folders, hidden entries ({@code .x}), AppleDouble files
 * ({@code ._x.wav}) and {@code __MACOSX} folders left by unzipping on macOS.
 */
public final class FolderPerClassSource implements RecordingSource {
    /** Upper bound on entries listed, so a wrong {@code data.dir} (say, a home folder) fails fast. */
    static final int MAX_ENTRIES = 2_000_000;
    private static final String MAC_METADATA_DIR = "__MACOSX";

    private final Path root;
    private final List<String> fixedClasses;

    /**
     * @param root         the folder holding one sub-folder per class
     * @param fixedClasses {@code data.classes}: when not empty, every class folder must be one of these and each of
     *                     these must have a folder
     */
    public FolderPerClassSource(Path root, List<String> fixedClasses) {
        this.root = root;
        this.fixedClasses = List.copyOf(fixedClasses);
    }

    @Override
    public SourceListing list() {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, "dataset folder not found (data.dir must be a folder with one "
                    + "sub-folder per class)");
        }
        List<String> ignored = new ArrayList<>();
        TreeMap<String, Path> classDirs = new TreeMap<>();
        for (Path entry : entries(root)) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry) && !isHidden(name) && !name.equals(MAC_METADATA_DIR)) {
                classDirs.put(name, entry);
            } else {
                ignored.add(name + (Files.isDirectory(entry) ? "/" : ""));
            }
        }
        if (classDirs.isEmpty()) {
            throw new BadInputException(root, "no class sub-folders (expected one folder per class, e.g. AS/, N/)");
        }
        ClassIndex classes = classIndex(classDirs);
        List<Recording> recordings = new ArrayList<>();
        for (String cls : classes.names()) {
            Path dir = classDirs.get(cls);
            int before = recordings.size();
            for (Path f : entries(dir)) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && isWav(name) && !isHidden(name)) {
                    recordings.add(new Recording(cls + "/" + name, f, List.of(cls), null, null));
                } else {
                    ignored.add(cls + "/" + name + (Files.isDirectory(f) ? "/" : ""));
                }
            }
            if (recordings.size() == before) {
                throw new BadInputException(dir, "class folder '" + cls + "' has no .wav files");
            }
        }
        return new SourceListing(root.toString(), recordings, classes, ignored);
    }

    private ClassIndex classIndex(TreeMap<String, Path> classDirs) {
        for (String name : classDirs.keySet()) {
            try {
                ClassIndex.validate(name);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(classDirs.get(name), e.getMessage());
            }
        }
        if (fixedClasses.isEmpty()) {
            return ClassIndex.of(classDirs.keySet());
        }
        ClassIndex fixed;
        try {
            fixed = ClassIndex.of(fixedClasses);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("data.classes", e.getMessage());
        }
        for (String name : classDirs.keySet()) {
            if (!fixed.contains(name)) {
                throw new BadInputException(classDirs.get(name), "folder '" + name + "' is not one of data.classes "
                        + fixed.names());
            }
        }
        for (String cls : fixed.names()) {
            if (!classDirs.containsKey(cls)) {
                throw new BadInputException(root, "class '" + cls + "' from data.classes has no folder");
            }
        }
        return fixed;
    }

    /** The entries of {@code dir} sorted by name (String order, so the listing does not depend on the OS). */
    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> list = s.limit(MAX_ENTRIES + 1L).sorted((a, b) ->
                    a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
            if (list.size() > MAX_ENTRIES) {
                throw new BadInputException(dir, "more than " + MAX_ENTRIES + " entries; is this the dataset folder?");
            }
            return list;
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }

    private static boolean isWav(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }
}
