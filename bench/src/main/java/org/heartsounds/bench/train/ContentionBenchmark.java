package org.heartsounds.bench.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training speed on a shared machine: images per second of ResNet-18 training alone, next to a busy loop
 * ({@code sh -c 'while :; do :; done'}) and next to a second training, for each OpenMP wait policy (the library's
 * default, which spins before sleeping, {@code OMP_WAIT_POLICY=PASSIVE}, which sleeps at once, and {@code short}:
 * {@code GOMP_SPINCOUNT=}{@value #SHORT_SPIN}, a spin of some microseconds) and thread count asked for. Every
 * measurement is a fresh JVM ({@link ContentionProbe}) because OpenMP reads its environment once, at start-up; all of
 * them run in one command, one after the other, so that the ratios compare like with like.
 */
public final class ContentionBenchmark {
    /** The spin count of the {@code short} policy (libgomp's default is 300000, PASSIVE's 0). */
    public static final String SHORT_SPIN = "20000";

    /** What runs beside the measured training. */
    public enum Neighbour {
        NONE("alone"), HOG("one busy loop"), TRAINING("a second training");

        final String label;

        Neighbour(String label) {
            this.label = label;
        }
    }

    /**
     * One measurement.
     *
     * @param policy          {@code default}, {@code passive} or {@code short}
     * @param threads         native threads of the measured (and the neighbouring) training
     * @param imagesPerSecond training images per second
     */
    public record Row(String policy, int threads, Neighbour neighbour, double imagesPerSecond) {
    }

    private static final Pattern RATE = Pattern.compile("\"train_images_per_s\": ([0-9.]+)");

    private final int size;
    private final int batch;
    private final int warmup;
    private final int steps;

    /**
     * @param size   input side in pixels
     * @param batch  minibatch
     * @param warmup untimed steps (also what the neighbouring training does before the measured one starts)
     * @param steps  timed steps
     */
    public ContentionBenchmark(int size, int batch, int warmup, int steps) {
        if (warmup < 0 || steps < 1 || batch < 1) {
            throw new IllegalArgumentException("need warmup >= 0, steps >= 1, batch >= 1");
        }
        this.size = size;
        this.batch = batch;
        this.warmup = warmup;
        this.steps = steps;
    }

    /** Every neighbour for every policy and thread count, in that order. */
    public List<Row> run(List<String> policies, List<Integer> threadCounts, Consumer<String> log)
            throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (String policy : policies) {
            for (int threads : threadCounts) {
                for (Neighbour n : Neighbour.values()) {
                    log.accept(String.format(Locale.ROOT, "measuring: policy %s, %d threads, %s", policy, threads,
                            n.label));
                    rows.add(new Row(policy, threads, n, measure(policy, threads, n)));
                }
            }
        }
        return rows;
    }

    private double measure(String policy, int threads, Neighbour neighbour) throws IOException,
            InterruptedException {
        Process other = null;
        try {
            if (neighbour == Neighbour.HOG) {
                other = new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } else if (neighbour == Neighbour.TRAINING) {
                other = probe(policy, threads, 0).start();
                awaitReady(other);
            }
            Process p = probe(policy, threads, steps).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            Matcher m = RATE.matcher(out);
            if (code != 0 || !m.find()) {
                throw new IOException("the measuring JVM exited with " + code + ": " + tail(out));
            }
            return Double.parseDouble(m.group(1));
        } finally {
            if (other != null) {
                other.descendants().forEach(ProcessHandle::destroyForcibly);
                other.destroyForcibly();
                other.waitFor();
            }
        }
    }

    private ProcessBuilder probe(String policy, int threads, int timedSteps) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
                ContentionProbe.class.getName(), Integer.toString(size), Integer.toString(batch),
                Integer.toString(threads), Integer.toString(warmup), Integer.toString(timedSteps))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("OMP_WAIT_POLICY");
        env.remove("GOMP_SPINCOUNT");
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        if ("passive".equals(policy)) {
            env.put("OMP_WAIT_POLICY", "PASSIVE");
        } else if ("short".equals(policy)) {
            env.put("GOMP_SPINCOUNT", SHORT_SPIN);
        }
        return pb;
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.contains("\"ready\"")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the process was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IOException("the neighbouring training exited before it was ready");
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** The table: one row per measurement, with its ratio to the same policy and threads alone. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %7s  %-18s %10s  %s%n", "policy",
                "threads", "beside", "img/s", "of alone"));
        for (Row r : rows) {
            double alone = rows.stream().filter(a -> a.policy().equals(r.policy()) && a.threads() == r.threads()
                    && a.neighbour() == Neighbour.NONE).mapToDouble(Row::imagesPerSecond).findFirst().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "%-8s %7d  %-18s %10.1f  %.2f%n", r.policy(), r.threads(),
                    r.neighbour().label, r.imagesPerSecond(), r.imagesPerSecond() / alone));
        }
        return sb.toString();
    }
}
