package org.heartsounds.data.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Folders;
import org.heartsounds.data.archive.ArchiveExtractor;
import org.heartsounds.data.archive.EntryPaths;
import org.heartsounds.data.archive.FileTrees;

/**
 * Puts a {@link DatasetDefinition} into the cache folder: downloads every artifact (verified against its pin) to
 * {@code <cache>/downloads/<name>/}, extracts archives to {@code <cache>/downloads/<name>/extracted/<archive>/},
 * lays the files out in a staging folder, verifies every file against the pinned checksum list, and renames the
 * staging folder to {@code <cache>/<name>/}. A finished dataset folder is therefore always complete and verified;
 * fetching again re-verifies it (without any download) and, if it was modified, rebuilds it from the cached
 * downloads. One fetch per dataset and cache runs at a time (a file lock, {@code <cache>/.<name>.lock}).
 */
public final class DatasetFetcher {
    private static final String DOWNLOADS = "downloads";
    private static final String EXTRACTED = "extracted";

    private final Path cacheRoot;
    private final Downloader downloader;
    private final ArchiveExtractor extractor;

    public DatasetFetcher(Path cacheRoot, Downloader downloader, ArchiveExtractor extractor) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /** Where the finished dataset lives (whether or not it is there yet). */
    public Path datasetDir(DatasetDefinition dataset) {
        return cacheRoot.resolve(dataset.name());
    }

    /** Where the downloads of the dataset are kept. */
    public Path downloadDir(DatasetDefinition dataset) {
        return cacheRoot.resolve(DOWNLOADS).resolve(dataset.name());
    }

    /**
     * Makes sure the dataset is present and verified; returns its folder.
     *
     * @throws BadInputException a download, archive or file does not match its pin, or an archive is unsafe
     * @throws IOException       network or disk failure
     */
    public Path fetch(DatasetDefinition dataset, FetchListener listener) throws IOException {
        Files.createDirectories(cacheRoot);
        try (FileChannel lockFile = FileChannel.open(cacheRoot.resolve("." + dataset.name() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = acquire(lockFile, dataset, listener)) {
            return fetchLocked(dataset, listener);
        }
    }

    private static FileLock acquire(FileChannel channel, DatasetDefinition dataset, FetchListener listener)
            throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            listener.stage("waiting for another fetch of " + dataset.name() + " to finish");
            lock = channel.lock();
        }
        return lock;
    }

    private Path fetchLocked(DatasetDefinition dataset, FetchListener listener) throws IOException {
        Path target = datasetDir(dataset);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            try {
                int files = DatasetVerifier.verify(target, dataset.expectedFiles());
                listener.stage(dataset.name() + ": " + files + " files present and verified");
                return target;
            } catch (BadInputException e) {
                listener.stage(dataset.name() + ": existing copy fails verification (" + e.getMessage()
                        + "); rebuilding it");
            }
        }
        Path downloads = downloadDir(dataset);
        removeLeftovers(cacheRoot, "." + dataset.name() + ".");
        removeLeftovers(downloads.resolve(EXTRACTED), ".");
        download(dataset, downloads, listener);
        Path staging = Folders.sibling(target, AtomicFiles.TEMP_SUFFIX);
        try {
            Files.createDirectory(staging);
            layOut(dataset, downloads, staging, listener);
            listener.stage("verifying " + dataset.expectedFiles().size() + " files");
            DatasetVerifier.verify(staging, dataset.expectedFiles());
            FileTrees.install(staging, target, exists);
        } catch (IOException | RuntimeException | Error e) {
            FileTrees.deleteQuietly(staging, e);
            throw e;
        }
        listener.stage(dataset.name() + ": " + dataset.expectedFiles().size() + " files verified");
        return target;
    }

    private void download(DatasetDefinition dataset, Path downloads, FetchListener listener) throws IOException {
        List<DatasetArtifact> artifacts = dataset.artifacts();
        long total = dataset.downloadBytes();
        listener.stage(String.format(Locale.ROOT, "fetching %d file(s)%s from %s", artifacts.size(),
                total >= 0 ? String.format(Locale.ROOT, " (%.1f MB)", total / 1e6) : "", downloader.describeSource()));
        long base = 0;
        for (DatasetArtifact artifact : artifacts) {
            long offset = base;
            downloader.fetch(artifact.file(), downloads, (done, size) -> listener.progress(offset + done, total));
            base += artifact.file().size() == null ? 0 : artifact.file().size();
        }
    }

    private void layOut(DatasetDefinition dataset, Path downloads, Path staging, FetchListener listener)
            throws IOException {
        for (DatasetArtifact artifact : dataset.artifacts()) {
            Path download = downloads.resolve(artifact.file().fileName());
            Path destination = EntryPaths.resolve(staging, EntryPaths.components(artifact.destination()));
            Files.createDirectories(destination);
            if (artifact.kind() == DatasetArtifact.Kind.FILE) {
                copyNew(download, destination.resolve(artifact.file().fileName()), download);
            } else {
                listener.stage("extracting " + artifact.file().fileName());
                Path extracted = extractor.extract(download, downloads.resolve(EXTRACTED).resolve(stem(download)));
                flatten(download, extracted, destination);
            }
        }
    }

    /** Copies every extracted file to {@code destination/<base name>}. */
    private static void flatten(Path archive, Path extracted, Path destination) throws IOException {
        try (Stream<Path> walk = Files.walk(extracted)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || file.getParent().equals(extracted) && file.getFileName().toString().equals(ArchiveExtractor.MARKER)) {
                    continue;
                }
                copyNew(file, destination.resolve(file.getFileName().toString()), archive);
            }
        }
    }

    private static void copyNew(Path source, Path target, Path origin) throws IOException {
        try {
            Files.copy(source, target);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(origin, "two files would both become " + target.getFileName()
                    + " in the dataset folder", e);
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }


    /** Deletes staging folders of earlier runs that were killed (we hold the lock, so none is in use). */
    private static void removeLeftovers(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (file.startsWith(prefix) && (file.endsWith(AtomicFiles.TEMP_SUFFIX) || file.endsWith(".old"))
                        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Folders.deleteRecursively(entry);
                }
            }
        }
    }
}
