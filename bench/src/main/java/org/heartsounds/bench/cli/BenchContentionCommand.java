package org.heartsounds.bench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.bench.train.ContentionBenchmark;
import org.heartsounds.core.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code heartsounds bench contention}: training speed alone, beside a busy loop and beside a second training. */
@Command(name = "contention", mixinStandardHelpOptions = true,
        description = {"Training images/s of ResNet-18 alone, next to one busy loop and next to a second",
            "training, for OpenMP's default wait policy and OMP_WAIT_POLICY=PASSIVE, each in a fresh JVM,",
            "all in this one command. Run it on an otherwise idle machine."})
public class BenchContentionCommand implements Callable<Integer> {
    @Option(names = "--size", description = "Input side in pixels (default: ${DEFAULT-VALUE}).")
    int size = 96;

    @Option(names = "--batch", description = "Minibatch (default: ${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--threads", split = ",", description = "Native thread counts to measure (default: "
            + "${DEFAULT-VALUE}).")
    List<Integer> threads = List.of(2);

    @Option(names = "--policies", split = ",", description = "default, passive and/or short (GOMP_SPINCOUNT="
            + ContentionBenchmark.SHORT_SPIN + ") (default: ${DEFAULT-VALUE}).")
    List<String> policies = List.of("default", "passive");

    @Option(names = "--warmup", description = "Untimed steps (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps = 15;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads.stream().anyMatch(t -> t < 1) || steps < 1 || warmup < 0 || batch < 1) {
            throw new ParameterException(spec.commandLine(), "--threads, --steps and --batch must be >= 1 and "
                    + "--warmup >= 0");
        }
        if (policies.stream().anyMatch(p -> !List.of("default", "passive", "short").contains(p))) {
            throw new ParameterException(spec.commandLine(), "--policies takes default, passive and short, got "
                    + policies);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench contention: ResNet-18 training, %d px, batch %d, %d warm-up + %d timed steps, "
                + "%d cores%n", size, batch, warmup, steps, Runtime.getRuntime().availableProcessors());
        out.flush();
        List<ContentionBenchmark.Row> rows = new ContentionBenchmark(size, batch, warmup, steps)
                .run(policies, threads, line -> {
                    out.println(line);
                    out.flush();
                });
        out.print(ContentionBenchmark.table(rows));
        out.flush();
        return ExitCodes.OK;
    }
}
