package org.heartsounds.trainer.train;

import java.io.PrintWriter;

/** Callbacks of a {@link TrainingLoop} for a command line or a notebook; every method has a no-op default. */
public interface TrainingEvents {
    TrainingEvents NONE = new TrainingEvents() {
    };

    /** A line of progress (the dense per-iteration line, or a per-epoch summary). */
    default void line(String text) {
    }

    default void epochDone(EpochResult result, boolean improved) {
    }

    /** Events that print each line to {@code out} (a command's console) and flush it. */
    static TrainingEvents printing(PrintWriter out) {
        return new TrainingEvents() {
            @Override
            public void line(String text) {
                out.println(text);
                out.flush();
            }
        };
    }
}
