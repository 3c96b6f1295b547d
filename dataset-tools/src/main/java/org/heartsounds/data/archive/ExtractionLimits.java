package org.heartsounds.data.archive;

/**
 * Caps that keep a hostile or broken archive from filling the disk ("zip bomb").
 *
 * @param maxEntryBytes  the most bytes one entry may expand to
 * @param maxTotalBytes  the most bytes all entries together may expand to
 * @param maxEntries     the most entries (files and folders) an archive may have
 * @param maxRatio       the highest accepted ratio of expanded to compressed size of one entry ...
 * @param ratioMinBytes  ... applied once the entry has expanded beyond this many bytes (small files may compress
 *                       extremely well without being a threat)
 */
public record ExtractionLimits(long maxEntryBytes, long maxTotalBytes, int maxEntries, double maxRatio,
                               long ratioMinBytes) {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    public ExtractionLimits {
        if (maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0 || !(maxRatio >= 1) || ratioMinBytes < 0) {
            throw new IllegalArgumentException("invalid extraction limits: entry=" + maxEntryBytes + " total="
                    + maxTotalBytes + " entries=" + maxEntries + " ratio=" + maxRatio + " ratioMin=" + ratioMinBytes);
        }
    }

    /** 1 GiB per entry, 2 GiB in all, 100 000 entries, ratio at most 200 for entries beyond 1 MiB. */
    public static ExtractionLimits defaults() {
        return new ExtractionLimits(GIB, 2 * GIB, 100_000, 200, MIB);
    }

    public ExtractionLimits withMaxEntryBytes(long bytes) {
        return new ExtractionLimits(bytes, maxTotalBytes, maxEntries, maxRatio, ratioMinBytes);
    }

    public ExtractionLimits withMaxTotalBytes(long bytes) {
        return new ExtractionLimits(maxEntryBytes, bytes, maxEntries, maxRatio, ratioMinBytes);
    }

    public ExtractionLimits withMaxRatio(double ratio, long minBytes) {
        return new ExtractionLimits(maxEntryBytes, maxTotalBytes, maxEntries, ratio, minBytes);
    }
}
