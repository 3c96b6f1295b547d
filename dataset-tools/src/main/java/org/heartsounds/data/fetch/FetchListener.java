package org.heartsounds.data.fetch;

/** Hears what {@link DatasetFetcher} is doing: coarse stages and the byte progress of all downloads together. */
public interface FetchListener {
    /** A listener that ignores everything. */
    FetchListener NONE = new FetchListener() {
    };

    /** A step is starting, e.g. "extracting MR_New_3주기.rar". */
    default void stage(String message) {
    }

    /** Bytes of the dataset's downloads present so far, of {@code total} ({@code -1} when unknown). */
    default void progress(long done, long total) {
    }
}
