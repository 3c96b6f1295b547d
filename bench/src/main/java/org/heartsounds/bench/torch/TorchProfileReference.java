package org.heartsounds.bench.torch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.heartsounds.bench.train.LayerProfiler;

/**
 * Runs the PyTorch profile script {@value #SCRIPT} (torch.profiler over ResNet-18 training steps, CPU self time
 * split into the same parts as {@link LayerProfiler}) with a given Python interpreter and reads its one JSON line.
 * The sibling of {@link TorchReference}, whose process handling and torch check it uses.
 */
public final class TorchProfileReference {
    /** The profile script, relative to the repository root. */
    public static final String SCRIPT = "bench/scripts/resnet18_torch_profile.py";
    /** The script's part names for each {@link LayerProfiler.Part}. */
    static final Map<LayerProfiler.Part, String> PART_NAMES = partNames();

    private final Path python;
    private final Path script;
    private final Duration timeout;

    /** A part's milliseconds per step, self CPU time under the profiler. */
    public record PartTime(double forwardMs, double backwardMs) {
        /** Forward plus backward. */
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /**
     * One run: versions, threads, the unprofiled median step, the profiled step's wall time, each part, the Adam
     * step and the ops outside forward, backward and the optimizer step (zero_grad, profiler bookkeeping).
     */
    public record Result(String torchVersion, String torchvisionVersion, int threads, int size, int batch,
                         double stepMs, double profiledStepMs, Map<LayerProfiler.Part, PartTime> parts,
                         double updaterMs, double outsideMs) {
        public Result {
            parts = Collections.unmodifiableMap(new EnumMap<>(parts));
        }

        /** Sum of all parts, forward and backward. */
        public double partsTotalMs() {
            return parts.values().stream().mapToDouble(PartTime::totalMs).sum();
        }

        /** Unprofiled step minus parts minus updater: what the step spends elsewhere (can be negative). */
        public double restMs() {
            return stepMs - partsTotalMs() - updaterMs;
        }

        /** Images per second of the unprofiled step. */
        public double imagesPerSecond() {
            return batch * 1000.0 / stepMs;
        }
    }

    /**
     * @param python  the interpreter, e.g. {@code /usr/bin/python3}
     * @param script  {@value #SCRIPT}
     * @param timeout time limit of one run
     */
    public TorchProfileReference(Path python, Path script, Duration timeout) {
        this.python = Objects.requireNonNull(python, "python");
        this.script = Objects.requireNonNull(script, "script");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@value #SCRIPT} under the first of {@code starts} (or one of their parents) that has it. */
    public static Optional<Path> locateScript(Path... starts) {
        return TorchReference.locate(SCRIPT, starts);
    }

    /** Whether the interpreter exists, the script is there and torch and torchvision import; never throws. */
    public TorchReference.Availability check() {
        return new TorchReference(python, script, timeout).check();
    }

    /** Runs the script once; {@link IOException} when it fails, times out or prints no valid result. */
    public Result run(int size, int batch, int steps, int warmup, int threads, int classes) throws IOException {
        return parse(TorchReference.runScript(python, script, timeout, "--size", Integer.toString(size), "--batch",
                Integer.toString(batch), "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--threads", Integer.toString(threads), "--classes", Integer.toString(classes)));
    }

    /** Reads the script's JSON line; {@link IOException} naming the problem when it is not a complete result. */
    public static Result parse(String json) throws IOException {
        JsonNode node = TorchReference.jsonObject(json, "PyTorch profile", List.of("torch", "torchvision",
                "threads", "size", "batch", "step_ms", "profiled_step_ms", "parts", "updater_ms", "outside_ms"));
        Map<LayerProfiler.Part, PartTime> parts = new EnumMap<>(LayerProfiler.Part.class);
        for (Map.Entry<LayerProfiler.Part, String> e : PART_NAMES.entrySet()) {
            JsonNode part = node.get("parts").get(e.getValue());
            if (part == null || !part.hasNonNull("forward_ms") || !part.hasNonNull("backward_ms")) {
                throw new IOException("PyTorch profile lacks part \"" + e.getValue() + "\": "
                        + TorchReference.abbreviate(json));
            }
            parts.put(e.getKey(), new PartTime(part.get("forward_ms").asDouble(),
                    part.get("backward_ms").asDouble()));
        }
        double step = node.get("step_ms").asDouble();
        if (!(step > 0)) {
            throw new IOException("PyTorch profile has a non-positive step time: " + TorchReference.abbreviate(json));
        }
        return new Result(node.get("torch").asText(), node.get("torchvision").asText(), node.get("threads").asInt(),
                node.get("size").asInt(), node.get("batch").asInt(), step, node.get("profiled_step_ms").asDouble(),
                parts, node.get("updater_ms").asDouble(), node.get("outside_ms").asDouble());
    }

    private static Map<LayerProfiler.Part, String> partNames() {
        Map<LayerProfiler.Part, String> names = new EnumMap<>(LayerProfiler.Part.class);
        for (LayerProfiler.Part p : LayerProfiler.Part.values()) {
            names.put(p, p == LayerProfiler.Part.OTHER ? "other" : p.label());
        }
        return Collections.unmodifiableMap(names);
    }
}
