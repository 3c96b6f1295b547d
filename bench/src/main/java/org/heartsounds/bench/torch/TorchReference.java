package org.heartsounds.bench.torch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.heartsounds.bench.train.TrainingBenchmark;

/**
 * Runs the PyTorch reference {@value #SCRIPT} (torchvision ResNet-18, the same steps as {@link TrainingBenchmark})
 * with a given Python interpreter and reads its one JSON line of results. Only the last
 * {@value #MAX_OUTPUT_BYTES} bytes of output or so are kept, and every run has a time limit.
 */
public final class TorchReference {
    /** The reference script, relative to the repository root. */
    public static final String SCRIPT = "bench/scripts/resnet18_torch.py";
    static final int MAX_OUTPUT_BYTES = 1 << 20;
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> KEYS = List.of("torch", "torchvision", "threads", "size", "batch",
            "train_images_per_s", "infer_images_per_s", "fused_infer_images_per_s");

    private final Path python;
    private final Path script;
    private final Duration timeout;

    /** Installed torch and torchvision, or why they cannot be used. */
    public record Availability(boolean available, String torchVersion, String torchvisionVersion, String reason) {
    }

    /**
     * One run of the reference script; {@code fusedInferImagesPerSecond} is inference with BatchNorm folded into the
     * convolutions ({@code torch.fx.experimental.optimization.fuse}); {@code channelsLast} whether the model and batch
     * were in {@code torch.channels_last} memory format (false for results that do not say).
     */
    public record Result(String torchVersion, String torchvisionVersion, int threads, int size, int batch,
                         double trainImagesPerSecond, double inferImagesPerSecond, double fusedInferImagesPerSecond,
                         boolean channelsLast) {
        /** The faster of two runs (for each measure separately), e.g. NCHW and channels-last. */
        public Result best(Result other) {
            if (other == null) {
                return this;
            }
            return new Result(torchVersion, torchvisionVersion, threads, size, batch,
                    Math.max(trainImagesPerSecond, other.trainImagesPerSecond),
                    Math.max(inferImagesPerSecond, other.inferImagesPerSecond),
                    Math.max(fusedInferImagesPerSecond, other.fusedInferImagesPerSecond),
                    other.trainImagesPerSecond > trainImagesPerSecond ? other.channelsLast : channelsLast);
        }
    }

    /**
     * @param python  the interpreter, e.g. {@code /usr/bin/python3}
     * @param script  {@value #SCRIPT}
     * @param timeout time limit of one run (the import check has its own 2 minutes)
     */
    public TorchReference(Path python, Path script, Duration timeout) {
        this.python = Objects.requireNonNull(python, "python");
        this.script = Objects.requireNonNull(script, "script");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * {@value #SCRIPT} under the first of {@code starts} (or one of their parents) that has it; e.g. the working
     * directory and the folder of the running jar.
     */
    public static Optional<Path> locateScript(Path... starts) {
        return locate(SCRIPT, starts);
    }

    /** {@code relative} (a path from the repository root) under the first of {@code starts} or their parents. */
    public static Optional<Path> locate(String relative, Path... starts) {
        for (Path start : starts) {
            for (Path p = start == null ? null : start.toAbsolutePath(); p != null; p = p.getParent()) {
                Path candidate = p.resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the interpreter exists and imports torch and torchvision; never throws. */
    public Availability check() {
        if (!Files.isExecutable(python)) {
            return new Availability(false, null, null, python + " does not exist or is not executable");
        }
        if (!Files.isRegularFile(script)) {
            return new Availability(false, null, null, "reference script " + script + " not found");
        }
        try {
            Output out = execute(List.of(python.toString(), "-c",
                    "import torch, torchvision; print(torch.__version__, torchvision.__version__)"), CHECK_TIMEOUT);
            String[] versions = out.lastLine().split(" ");
            if (out.exitCode() != 0 || versions.length != 2) {
                return new Availability(false, null, null, python + " cannot import torch and torchvision: "
                        + out.lastLine());
            }
            return new Availability(true, versions[0], versions[1], null);
        } catch (IOException e) {
            return new Availability(false, null, null, python + ": " + e.getMessage());
        }
    }

    /**
     * Runs the script once, with {@code --channels-last} when {@code channelsLast}; {@link IOException} when it
     * fails, times out or prints no valid result.
     */
    public Result run(int size, int batch, int iterations, int warmup, int threads, int classes, boolean channelsLast)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--size", Integer.toString(size), "--batch",
                Integer.toString(batch), "--iterations", Integer.toString(iterations), "--warmup",
                Integer.toString(warmup), "--threads", Integer.toString(threads), "--classes",
                Integer.toString(classes)));
        if (channelsLast) {
            args.add("--channels-last");
        }
        return parse(runScript(python, script, timeout, args.toArray(String[]::new)));
    }

    /** Reads the script's JSON line; {@link IOException} naming the problem when it is not a complete result. */
    public static Result parse(String json) throws IOException {
        JsonNode node = jsonObject(json, "PyTorch reference result", KEYS);
        double train = node.get("train_images_per_s").asDouble();
        double infer = node.get("infer_images_per_s").asDouble();
        double fused = node.get("fused_infer_images_per_s").asDouble();
        if (!(train > 0) || !(infer > 0) || !(fused > 0)) {
            throw new IOException("PyTorch reference result has non-positive speeds: " + abbreviate(json));
        }
        return new Result(node.get("torch").asText(), node.get("torchvision").asText(), node.get("threads").asInt(),
                node.get("size").asInt(), node.get("batch").asInt(), train, infer, fused,
                node.path("channels_last").asBoolean(false));
    }

    /**
     * Runs {@code python script args...} and returns the last JSON line it printed; {@link IOException} when it
     * exits with an error, times out or prints no JSON line. Shared by the reference scripts under
     * {@code bench/scripts/}.
     */
    static String runScript(Path python, Path script, Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(Arrays.asList(args));
        Output out = execute(command, timeout);
        if (out.exitCode() != 0) {
            throw new IOException(script.getFileName() + " exited with " + out.exitCode() + ": " + out.tail(5));
        }
        return out.lastJsonLine().orElseThrow(() ->
                new IOException(script.getFileName() + " printed no JSON result: " + out.tail(5)));
    }

    /**
     * Parses a script's result line as a JSON object that has every one of {@code keys}; {@link IOException}
     * "{@code what} is not JSON / is not a JSON object / lacks "key"" otherwise.
     */
    static JsonNode jsonObject(String json, String what, List<String> keys) throws IOException {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(what + " is not JSON: " + abbreviate(json), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(what + " is not a JSON object: " + abbreviate(json));
        }
        for (String key : keys) {
            if (!node.hasNonNull(key)) {
                throw new IOException(what + " lacks \"" + key + "\": " + abbreviate(json));
            }
        }
        return node;
    }

    /** A finished process: its exit code and (the end of) its output. */
    record Output(int exitCode, String text) {
        List<String> lines() {
            return text.lines().filter(l -> !l.isBlank()).toList();
        }

        String lastLine() {
            List<String> lines = lines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        }

        Optional<String> lastJsonLine() {
            List<String> lines = lines();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).trim().startsWith("{")) {
                    return Optional.of(lines.get(i).trim());
                }
            }
            return Optional.empty();
        }

        String tail(int n) {
            List<String> lines = lines();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** Runs {@code command} (stderr into stdout), keeping about the last {@link #MAX_OUTPUT_BYTES} of its output. */
    static Output execute(List<String> command, Duration limit) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(process.getInputStream(), kept), "torch-reference-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + limit);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
        synchronized (kept) {
            return new Output(process.exitValue(), kept.toString(StandardCharsets.UTF_8));
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream kept) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (kept) {
                    if (kept.size() + n > MAX_OUTPUT_BYTES) { // keep the end, where the result line is
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length / 2, all.length - all.length / 2);
                    }
                    kept.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended or was killed; what was read so far is kept
        }
    }

    static String abbreviate(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }
}
