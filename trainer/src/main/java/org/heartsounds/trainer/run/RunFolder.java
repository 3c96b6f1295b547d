package org.heartsounds.trainer.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a training run folder:
 * <pre>
 * config.yaml       the resolved recipe; {@code --config config.yaml} replays the run
 * provenance.json   seed, git commit, Java / DL4J / ND4J / backend versions, recipe and dataset SHA-256
 * labels.txt        the class names in output order (jetson-inference format)
 * metrics.csv       one row per epoch (epoch 0 = before fitting)
 * state.json        how far the run got; written last after every epoch, it is what {@code --resume} trusts
 * checkpoint.zip    the last epoch's network with its updater state (ModelSerializer)
 * model.zip         the best network on the validation split, with labels, normaliser, recipe and provenance
 * thresholds.json   multi-label runs: each label's decision threshold, chosen on the validation split (also in
 *                   model.zip)
 * </pre>
 */
public record RunFolder(Path root) {
    public static final String CONFIG = "config.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String LABELS = "labels.txt";
    public static final String METRICS = "metrics.csv";
    public static final String STATE = "state.json";
    public static final String CHECKPOINT = "checkpoint.zip";
    public static final String MODEL = "model.zip";
    public static final String THRESHOLDS = "thresholds.json";

    /** Whether a run has finished at least one epoch here (it has {@value #STATE}): something to resume. */
    public boolean isStarted() {
        return Files.exists(state());
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path provenance() {
        return root.resolve(PROVENANCE);
    }

    public Path labels() {
        return root.resolve(LABELS);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path state() {
        return root.resolve(STATE);
    }

    public Path checkpoint() {
        return root.resolve(CHECKPOINT);
    }

    public Path model() {
        return root.resolve(MODEL);
    }

    public Path thresholds() {
        return root.resolve(THRESHOLDS);
    }
}
