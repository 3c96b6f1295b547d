package org.heartsounds.evaluation.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.heartsounds.core.config.Recipe;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Time-shift test-time augmentation: a model's class probabilities averaged over {@code 2 shifts + 1} circular rolls
 * of each spectrogram along time (its width), evenly spaced from {@code -maxShift·W} to {@code +maxShift·W} columns
 * and rounded to whole columns (the roll the training's {@code train.augment.time_shift} draws from). Heart sounds
 * are quasi-periodic, so a rolled window is still a plausible window; the frequency axis is never touched.
 */
public final class TimeShiftAveraging implements ClassifierModel {
    private final ClassifierModel model;
    private final int[] offsets;

    /** Rolls per side (0 = no averaging) and the largest roll as a fraction of the width. */
    public record Spec(int shifts, double maxShift) {
        /** No averaging. */
        public static final Spec NONE = new Spec(0, 0.1);

        public Spec {
            if (shifts < 0 || shifts > 16) {
                throw new IllegalArgumentException("time-shift averaging takes 0 to 16 shifts per side, got "
                        + shifts);
            }
            if (!(maxShift > 0 && maxShift <= 0.5)) {
                throw new IllegalArgumentException("the largest time shift must be in (0, 0.5] of the width, got "
                        + maxShift);
            }
        }

        /** {@code model} with the averaging ({@code model} itself when {@code shifts} is 0). */
        public ClassifierModel apply(ClassifierModel model) {
            return shifts == 0 ? model : new TimeShiftAveraging(model, offsets(shifts, maxShift, model.inputWidth()));
        }

        /** {@code -ttaN} (N passes) for folder names, empty without averaging. */
        public String suffix() {
            return shifts == 0 ? "" : "-tta" + (2 * shifts + 1);
        }
    }

    /**
     * @param shifts   rolls on each side (0 returns {@code model} itself)
     * @param maxShift the largest roll as a fraction of the width, in (0, 0.5]
     */
    public static ClassifierModel of(ClassifierModel model, int shifts, double maxShift) {
        return new Spec(shifts, maxShift).apply(model);
    }

    private TimeShiftAveraging(ClassifierModel model, int[] offsets) {
        this.model = model;
        this.offsets = offsets;
    }

    /** The roll of each pass in columns (positive: later in time), from the most negative to the most positive. */
    static int[] offsets(int shifts, double maxShift, int width) {
        int[] out = new int[2 * shifts + 1];
        for (int i = -shifts; i <= shifts; i++) {
            out[i + shifts] = (int) Math.round(maxShift * width * i / shifts);
        }
        return out;
    }

    /** The rolls in columns. */
    public int[] offsets() {
        return offsets.clone();
    }

    /** {@code nchw} rolled circularly by {@code offset} columns along the width. */
    public static INDArray roll(INDArray nchw, int offset) {
        int w = (int) nchw.size(3);
        int s = Math.floorMod(offset, w);
        if (s == 0) {
            return nchw;
        }
        INDArrayIndex all = NDArrayIndex.all();
        INDArray tail = nchw.get(all, all, all, NDArrayIndex.interval(w - s, w));
        INDArray head = nchw.get(all, all, all, NDArrayIndex.interval(0, w - s));
        return Nd4j.concat(3, tail, head);
    }

    @Override
    public INDArray probabilities(INDArray nchw) {
        checkInput(nchw);
        INDArray sum = null;
        for (int offset : offsets) {
            INDArray p = model.probabilities(roll(nchw, offset));
            sum = sum == null ? p.dup() : sum.addi(p);
        }
        return sum.divi(offsets.length);
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int inputHeight() {
        return model.inputHeight();
    }

    @Override
    public int inputWidth() {
        return model.inputWidth();
    }

    @Override
    public Optional<Recipe> recipe() {
        return model.recipe();
    }

    @Override
    public boolean multilabel() {
        return model.multilabel();
    }

    @Override
    public Optional<org.heartsounds.trainer.train.DecisionThresholds> thresholds() {
        return model.thresholds();
    }

    @Override
    public Path source() {
        return model.source();
    }

    @Override
    public String format() {
        return model.format() + " with time-shift averaging over " + offsets.length + " rolls";
    }

    @Override
    public List<String> warnings() {
        return model.warnings();
    }

    @Override
    public void close() {
        model.close();
    }
}
