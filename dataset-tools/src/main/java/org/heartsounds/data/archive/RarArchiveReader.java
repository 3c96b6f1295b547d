package org.heartsounds.data.archive;

import com.github.junrar.Archive;
import com.github.junrar.exception.CrcErrorException;
import com.github.junrar.exception.RarException;
import com.github.junrar.exception.UnsupportedRarEncryptedException;
import com.github.junrar.exception.UnsupportedRarV5Exception;
import com.github.junrar.rarfile.FileHeader;
import com.github.junrar.rarfile.HostSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.BadInputException;

/**
 * RAR 1.5-4.x archives through junrar. Entry names come from {@link FileHeader#getFileName()}, which in junrar 7.5.5
 * returns the Unicode name ({@code getFileNameW()}) when the header carries one and the legacy OEM name otherwise, so
 * Korean names such as {@code MR_New_3주기\New_MR_001.wav} arrive intact. junrar verifies each entry's CRC-32.
 */
final class RarArchiveReader implements ArchiveReader {
    private static final int S_IFMT = 0xF000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFLNK = 0xA000;
    private static final int DOS_DIRECTORY = 0x10;
    private static final int DOS_REPARSE_POINT = 0x400;

    private final Path path;
    private final Archive archive;
    private final List<FileHeader> headers;
    private final List<ArchiveEntry> entries = new ArrayList<>();

    RarArchiveReader(Path path, int maxEntries) throws IOException {
        this.path = path;
        try {
            this.archive = new Archive(path.toFile());
        } catch (UnsupportedRarV5Exception e) {
            throw new BadInputException(path, "RAR5 archives are not supported (only RAR 1.5-4.x)", e);
        } catch (UnsupportedRarEncryptedException e) {
            throw new BadInputException(path, "encrypted RAR archives are not supported", e);
        } catch (RarException e) {
            throw new BadInputException(path, "corrupt RAR archive: " + describe(e), e);
        }
        try {
            if (archive.isEncrypted()) {
                throw new BadInputException(path, "encrypted RAR archives are not supported");
            }
            this.headers = archive.getFileHeaders();
            if (headers.size() > maxEntries) {
                throw new BadInputException(path, "has " + headers.size() + " entries, more than the limit of " + maxEntries);
            }
            for (int i = 0; i < headers.size(); i++) {
                FileHeader header = headers.get(i);
                entries.add(new ArchiveEntry(i, header.getFileName(), typeOf(header), header.isEncrypted(),
                        header.getFullUnpackSize(), header.getFullPackSize()));
            }
        } catch (RarException e) {
            close();
            throw new BadInputException(path, "corrupt RAR archive: " + describe(e), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public List<ArchiveEntry> entries() {
        return entries;
    }

    @Override
    public void copy(ArchiveEntry entry, OutputStream out) throws IOException {
        try {
            archive.extractFile(headers.get(entry.index()), out);
        } catch (RarException e) {
            BadInputException fromOutput = findCause(e, BadInputException.class);
            if (fromOutput != null) {
                throw fromOutput; // a limit tripped while writing
            }
            IOException io = findCause(e, IOException.class);
            if (io != null && !(e instanceof CrcErrorException)) {
                throw io;
            }
            String problem = e instanceof CrcErrorException ? "CRC mismatch (corrupt data)" : "corrupt data: " + describe(e);
            throw new BadInputException(path, "entry '" + entry.name() + "': " + problem, e);
        }
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }

    private static ArchiveEntry.Type typeOf(FileHeader header) {
        if (header.isSplitBefore() || header.isSplitAfter()) {
            return ArchiveEntry.Type.SPLIT;
        }
        int attributes = header.getFileAttr();
        if (header.getHostOS() == HostSystem.unix) {
            switch (attributes & S_IFMT) {
                case S_IFLNK:
                    return ArchiveEntry.Type.SYMLINK;
                case S_IFDIR:
                    return ArchiveEntry.Type.DIRECTORY;
                case S_IFREG:
                case 0:
                    return header.isDirectory() ? ArchiveEntry.Type.DIRECTORY : ArchiveEntry.Type.FILE;
                default:
                    return ArchiveEntry.Type.SPECIAL;
            }
        }
        if ((attributes & DOS_REPARSE_POINT) != 0) {
            return ArchiveEntry.Type.SYMLINK;
        }
        return header.isDirectory() || (attributes & DOS_DIRECTORY) != 0
                ? ArchiveEntry.Type.DIRECTORY : ArchiveEntry.Type.FILE;
    }

    private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
