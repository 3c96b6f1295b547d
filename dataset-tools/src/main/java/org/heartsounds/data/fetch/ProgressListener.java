package org.heartsounds.data.fetch;

/** Receives the progress of one transfer: bytes done so far and the total ({@code -1} when unknown). */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = (done, total) -> {
    };

    /**
     * Called from the transferring thread (for HTTP, a thread of the HTTP client), often; keep it cheap.
     *
     * @param done  bytes of the file present so far, including bytes kept from an earlier, interrupted attempt
     * @param total expected size in bytes, or {@code -1} when unknown
     */
    void progress(long done, long total);
}
