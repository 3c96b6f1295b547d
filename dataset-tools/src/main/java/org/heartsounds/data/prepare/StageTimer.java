package org.heartsounds.data.prepare;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Thread-safe accumulated time per pipeline stage, for the progress summary and the benchmark. */
public final class StageTimer {
    /** The stages of {@code data prepare}, in pipeline order. */
    public enum Stage {
        DECODE("decode"), PREPROCESS("resample"), OVERLAP("overlap"), AUGMENT("augment"), SPECTROGRAM("stft/mel"),
        PNG("png");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
    private final Map<Stage, LongAdder> counts = new EnumMap<>(Stage.class);

    public StageTimer() {
        for (Stage s : Stage.values()) {
            nanos.put(s, new LongAdder());
            counts.put(s, new LongAdder());
        }
    }

    public <T> T time(Stage stage, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(stage, System.nanoTime() - t0);
        }
    }

    public void add(Stage stage, long elapsedNanos) {
        nanos.get(stage).add(elapsedNanos);
        counts.get(stage).increment();
    }

    /** Total CPU-thread seconds spent in a stage (summed over worker threads). */
    public double seconds(Stage stage) {
        return nanos.get(stage).sum() / 1e9;
    }

    public long count(Stage stage) {
        return counts.get(stage).sum();
    }

    /** Stage seconds keyed by stage label, in pipeline order. */
    public Map<String, Double> snapshot() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            m.put(s.label(), seconds(s));
        }
        return m;
    }
}
