package org.heartsounds.data.archive;

/**
 * One member of an archive as its format declares it, before anything is written.
 *
 * @param index      position in the archive (what the reader needs to find it again)
 * @param name       the stored name, unchanged (may contain {@code \} or {@code ..}; validated later)
 * @param type       what kind of entry it claims to be
 * @param encrypted  whether its data (or name) is encrypted
 * @param size       declared expanded size in bytes, {@code -1} if unknown
 * @param packedSize declared compressed size in bytes, {@code -1} if unknown
 */
record ArchiveEntry(int index, String name, Type type, boolean encrypted, long size, long packedSize) {
    /**
     * Kinds of entries; only files and folders are ever extracted. SPECIAL covers devices, FIFOs and sockets;
     * SPLIT a member continued in another volume. (Hard links exist only in RAR5, which is refused outright.)
     */
    enum Type { FILE, DIRECTORY, SYMLINK, SPECIAL, SPLIT }
}
