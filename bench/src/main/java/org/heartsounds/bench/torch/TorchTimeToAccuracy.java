package org.heartsounds.bench.torch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs the PyTorch time-to-accuracy reference {@value #SCRIPT} (torchvision ResNet-18 trained on a prepared dataset
 * with jetson-inference's recipe or an Adam recipe) and reads its summary line.
 */
public final class TorchTimeToAccuracy {
    /** The reference script, relative to the repository root. */
    public static final String SCRIPT = "bench/scripts/time_to_accuracy_torch.py";
    private static final List<String> KEYS = List.of("torch", "recipe", "size", "batch", "threads", "target",
            "reached", "epochs_run", "best_val_acc", "wall_seconds");

    private final TorchReference base;
    private final Path python;
    private final Path script;
    private final Duration timeout;

    /** One run: whether it reached the target, when, after how many epochs. */
    public record Result(String torchVersion, String recipe, int size, int batch, int threads, double target,
                         boolean reached, Double secondsToTarget, int epochs, double bestValAcc,
                         double wallSeconds) {
        /** Seconds to the target, or the wall time spent without reaching it. */
        public double seconds() {
            return reached ? secondsToTarget : wallSeconds;
        }
    }

    public TorchTimeToAccuracy(Path python, Path script, Duration timeout) {
        this.python = Objects.requireNonNull(python, "python");
        this.script = Objects.requireNonNull(script, "script");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.base = new TorchReference(python, script, timeout);
    }

    /** Whether the interpreter has torch and torchvision and the script exists. */
    public TorchReference.Availability check() {
        return base.check();
    }

    /**
     * Trains with {@code recipe} ({@code jetson} or {@code adam}) on {@code prepared}'s train split until the val
     * split reaches {@code target}, its epochs run out, or {@code maxSeconds} pass.
     */
    public Result run(Path prepared, String recipe, double target, int size, double maxSeconds, int threads)
            throws IOException {
        return parse(TorchReference.runScript(python, script, timeout, "--data", prepared.toString(), "--recipe",
                recipe, "--target", Double.toString(target), "--size", Integer.toString(size), "--max-seconds",
                String.format(Locale.ROOT, "%.1f", maxSeconds), "--threads", Integer.toString(threads)));
    }

    /** Reads the summary line; {@link IOException} naming what is missing. */
    public static Result parse(String json) throws IOException {
        JsonNode node = TorchReference.jsonObject(json, "time-to-accuracy result", KEYS);
        if (!node.path("summary").asBoolean(false)) {
            throw new IOException("time-to-accuracy result is not a summary object: " + json);
        }
        boolean reached = node.get("reached").asBoolean();
        JsonNode s = node.get("seconds_to_target");
        if (reached && (s == null || !s.isNumber())) {
            throw new IOException("time-to-accuracy result reached the target but has no seconds_to_target: " + json);
        }
        return new Result(node.get("torch").asText(), node.get("recipe").asText(), node.get("size").asInt(),
                node.get("batch").asInt(), node.get("threads").asInt(), node.get("target").asDouble(), reached,
                reached ? s.asDouble() : null, node.get("epochs_run").asInt(), node.get("best_val_acc").asDouble(),
                node.get("wall_seconds").asDouble());
    }
}
