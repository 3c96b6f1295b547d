package org.heartsounds.data.prepare;

/** Progress of {@link DatasetPreparer}: a phase starts with a known amount of work, then advances step by step. */
public interface PrepareListener {
    PrepareListener NONE = new PrepareListener() {
        @Override
        public void phase(String name, long total) {
        }

        @Override
        public void advance(long steps) {
        }
    };

    /** A new phase ({@code decode}, {@code overlap}, {@code render}) with {@code total} steps. */
    void phase(String name, long total);

    void advance(long steps);

    /** The current phase is done. */
    default void done() {
    }
}
