package org.heartsounds.data.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Folders;
import org.heartsounds.core.io.Sha256;

/**
 * Extracts ZIP and RAR (v1.5-4.x, through junrar) archives safely and atomically.
 *
 * <p>Safety: before anything is written, every entry is checked and the archive refused
 * ({@link BadInputException} naming the archive and the entry) if one escapes the target folder ({@code ../x},
 * absolute paths, {@code ..\x}, drive letters), is a symbolic link, device, FIFO or socket, is encrypted, is split
 * across volumes, is duplicated, or declares sizes beyond the {@link ExtractionLimits}; while writing, the actual
 * bytes are counted against the same limits, the declared size and a compression-ratio cap, and ZIP CRCs are
 * checked (junrar checks RAR CRCs).
 *
 * <p>Atomicity: entries go to a hidden staging folder beside the target, which is renamed into place only when
 * complete; it then holds a marker file ({@value #MARKER}) with the archive's SHA-256, so extracting the same
 * archive again is skipped. A target that exists without a marker was not made by the extractor and is never
 * replaced. The path validation and the orchestration are written by hand (junrar and {@code java.util.zip} only
 * decode).
 */
public final class ArchiveExtractor {
    /** Name of the marker file written into a completed extraction. */
    public static final String MARKER = ".heartsounds-extracted";

    private final ExtractionLimits limits;

    public ArchiveExtractor(ExtractionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ArchiveExtractor() {
        this(ExtractionLimits.defaults());
    }

    public ExtractionLimits limits() {
        return limits;
    }

    /** True when {@code target} holds a completed extraction of exactly this archive (by SHA-256). */
    public boolean isExtracted(Path archive, Path target) throws IOException {
        return markerMatches(target, Sha256.of(archive));
    }

    /**
     * Extracts {@code archive} into {@code target} (created; its parent must be writable) unless that was already
     * done, and returns {@code target}.
     *
     * @throws BadInputException when the archive is corrupt, unsupported or unsafe (nothing is left behind)
     * @throws IOException       on I/O failure, or when {@code target} exists and was not made by the extractor
     */
    public Path extract(Path archive, Path target) throws IOException {
        String sha256 = Sha256.of(archive);
        if (markerMatches(target, sha256)) {
            return target;
        }
        boolean replacing = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (replacing && !Files.isRegularFile(target.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " exists and was not created by the archive extractor; refusing to replace it");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path staging = Folders.sibling(target, AtomicFiles.TEMP_SUFFIX);
        Files.createDirectory(staging);
        try {
            extractInto(archive, staging);
            AtomicFiles.writeString(staging.resolve(MARKER), sha256 + "  " + archive.getFileName() + "\n");
            FileTrees.install(staging, target, replacing);
        } catch (IOException | RuntimeException | Error e) {
            FileTrees.deleteQuietly(staging, e);
            throw e;
        }
        return target;
    }

    private void extractInto(Path archive, Path root) throws IOException {
        String label = archive.toString();
        try (ArchiveReader reader = open(archive)) {
            List<Planned> plan = plan(label, reader.entries(), root);
            long total = 0;
            for (Planned item : plan) {
                if (item.entry().type() == ArchiveEntry.Type.DIRECTORY) {
                    Files.createDirectories(item.path());
                } else {
                    total += writeFile(label, reader, item, total);
                }
            }
        }
    }

    private ArchiveReader open(Path archive) throws IOException {
        return switch (ArchiveFormat.detect(archive)) {
            case ZIP -> new ZipArchiveReader(archive, limits.maxEntries());
            case RAR4 -> new RarArchiveReader(archive, limits.maxEntries());
        };
    }

    private record Planned(ArchiveEntry entry, Path path) {
    }

    /** Validates every entry up front and maps it to its destination; refuses the whole archive on any problem. */
    private List<Planned> plan(String label, List<ArchiveEntry> entries, Path root) {
        if (entries.size() > limits.maxEntries()) {
            throw new BadInputException(label, "has " + entries.size() + " entries, more than the limit of "
                    + limits.maxEntries());
        }
        List<Planned> plan = new ArrayList<>();
        Set<String> files = new HashSet<>();
        Set<String> folders = new HashSet<>();
        long declaredTotal = 0;
        for (ArchiveEntry entry : entries) {
            List<String> components = validate(label, entry);
            if (components.isEmpty()) {
                continue; // the archive's own root folder, e.g. "./"
            }
            String key = String.join("/", components);
            if (entry.type() == ArchiveEntry.Type.FILE) {
                if (!files.add(key)) {
                    throw entryProblem(label, entry, "duplicate entry");
                }
                for (int i = 1; i < components.size(); i++) {
                    folders.add(String.join("/", components.subList(0, i)));
                }
                declaredTotal += Math.max(0, entry.size());
            } else {
                folders.add(key);
            }
            try {
                plan.add(new Planned(entry, EntryPaths.resolve(root, components)));
            } catch (IllegalArgumentException e) { // includes InvalidPathException
                throw entryProblem(label, entry, e.getMessage());
            }
        }
        for (String file : files) {
            if (folders.contains(file)) {
                throw new BadInputException(label, "entry '" + file + "' is both a file and a folder");
            }
        }
        if (declaredTotal > limits.maxTotalBytes()) {
            throw new BadInputException(label, "entries declare " + declaredTotal + " bytes in total, more than the limit of "
                    + limits.maxTotalBytes());
        }
        return plan;
    }

    private List<String> validate(String label, ArchiveEntry entry) {
        switch (entry.type()) {
            case SYMLINK -> throw entryProblem(label, entry, "symbolic links are not extracted");
            case SPECIAL -> throw entryProblem(label, entry, "device, FIFO or socket entries are not extracted");
            case SPLIT -> throw entryProblem(label, entry, "continues in another volume (multi-volume archives are not supported)");
            default -> {
            }
        }
        if (entry.encrypted()) {
            throw entryProblem(label, entry, "encrypted entries are not supported");
        }
        List<String> components;
        try {
            components = EntryPaths.components(entry.name());
        } catch (IllegalArgumentException e) {
            throw entryProblem(label, entry, e.getMessage());
        }
        if (components.isEmpty() && entry.type() == ArchiveEntry.Type.FILE) {
            throw entryProblem(label, entry, "file entry without a name");
        }
        if (components.size() == 1 && components.get(0).equals(MARKER)) {
            throw entryProblem(label, entry, "uses the extractor's reserved name");
        }
        if (entry.type() == ArchiveEntry.Type.FILE) {
            if (entry.size() > limits.maxEntryBytes()) {
                throw entryProblem(label, entry, "declares " + entry.size() + " bytes, more than the limit of "
                        + limits.maxEntryBytes() + " per entry");
            }
            if (entry.size() > limits.ratioMinBytes() && entry.packedSize() >= 0
                    && entry.size() > limits.maxRatio() * Math.max(1, entry.packedSize())) {
                throw entryProblem(label, entry, "compression ratio above " + limits.maxRatio() + " ("
                        + entry.packedSize() + " compressed bytes declared to expand to " + entry.size() + ")");
            }
        }
        return components;
    }

    private long writeFile(String label, ArchiveReader reader, Planned item, long totalBefore) throws IOException {
        ArchiveEntry entry = item.entry();
        Path destination = item.path();
        Files.createDirectories(destination.getParent());
        EntryOutputStream counted;
        try (OutputStream file = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW);
             OutputStream buffered = new BufferedOutputStream(file, 1 << 16)) {
            counted = new EntryOutputStream(buffered, label, entry, limits, totalBefore);
            reader.copy(entry, counted);
        }
        if (entry.size() >= 0 && counted.written() != entry.size()) {
            throw entryProblem(label, entry, "declares " + entry.size() + " bytes but holds " + counted.written());
        }
        long crc = reader.crc32ToCheck(entry);
        if (crc >= 0 && crc != counted.crc32()) {
            throw entryProblem(label, entry, String.format("CRC mismatch: declared %08x, actual %08x", crc, counted.crc32()));
        }
        return counted.written();
    }

    private static BadInputException entryProblem(String label, ArchiveEntry entry, String problem) {
        return new BadInputException(label, "entry '" + entry.name() + "': " + problem);
    }

    private static boolean markerMatches(Path target, String sha256) throws IOException {
        Path marker = target.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 4096) {
            return false;
        }
        String content = Files.readString(marker, StandardCharsets.UTF_8);
        return content.startsWith(sha256 + " ");
    }
}
