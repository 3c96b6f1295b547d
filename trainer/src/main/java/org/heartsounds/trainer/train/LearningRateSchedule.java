package org.heartsounds.trainer.train;

import java.util.Objects;
import org.heartsounds.core.config.TrainSpec;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Per-iteration learning rate: linear warm-up from {@code peak / warmup} to {@code peak} over {@code warmup}
 * iterations, then {@code cosine} (half a cosine from peak to 0 at {@code total}), {@code step} (×0.1 at 50 % and
 * again at 75 % of the iterations) or {@code constant}.
 *
 * <p>Written by hand: ND4J 1.0.0-M2.1's schedules ({@code Poly}, {@code Step}, {@code Map}, {@code Cycle}, …) have
 * no cosine annealing and no warm-up. Serialised with the network configuration (Jackson properties below), so a
 * saved checkpoint resumes with the same schedule.
 */
public final class LearningRateSchedule implements ISchedule {
    private final TrainSpec.Schedule type;
    private final double peak;
    private final int warmup;
    private final int total;

    public LearningRateSchedule(@JsonProperty("type") TrainSpec.Schedule type, @JsonProperty("peak") double peak,
                                @JsonProperty("warmup") int warmup, @JsonProperty("total") int total) {
        if (!(peak > 0) || total < 1 || warmup < 0 || warmup >= total) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warmup " + warmup + ", total "
                    + total);
        }
        this.type = Objects.requireNonNull(type, "type");
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
    }

    /** The schedule of a recipe for {@code batchesPerEpoch} iterations per epoch. */
    public static LearningRateSchedule of(TrainSpec spec, int batchesPerEpoch) {
        return new LearningRateSchedule(spec.schedule(), spec.learningRate(), spec.warmupEpochs() * batchesPerEpoch,
                spec.epochs() * batchesPerEpoch);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1) / warmup;
        }
        double progress = Math.min(1.0, (iteration - warmup) / (double) (total - warmup));
        return switch (type) {
            case CONSTANT -> peak;
            case COSINE -> 0.5 * peak * (1 + Math.cos(Math.PI * progress));
            case STEP -> peak * (progress < 0.5 ? 1.0 : progress < 0.75 ? 0.1 : 0.01);
        };
    }

    @Override
    public ISchedule clone() {
        return new LearningRateSchedule(type, peak, warmup, total);
    }

    public TrainSpec.Schedule getType() {
        return type;
    }

    public double getPeak() {
        return peak;
    }

    public int getWarmup() {
        return warmup;
    }

    public int getTotal() {
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule s && s.type == type && s.peak == peak && s.warmup == warmup
                && s.total == total;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, peak, warmup, total);
    }
}
