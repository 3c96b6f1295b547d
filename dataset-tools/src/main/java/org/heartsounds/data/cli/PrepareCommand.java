package org.heartsounds.data.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heartsounds.data.options.RecipeFlags;
import org.heartsounds.data.options.WorkerThreads;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.Inspection;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.data.prepare.ProgressBarListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds data prepare}: WAVs → spectrogram PNGs in jetson-inference's layout. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Turn a folder of WAVs (one sub-folder per class) or a CSV manifest into spectrogram PNGs",
            "in jetson-inference's layout: <out>/train|val|test/<class>/<recording>_wNN.png, labels.txt,",
            "manifest.csv, groups.txt, config.yaml, provenance.json. Re-running resumes.",
            "--engine spark renders the recordings as Spark tasks (same bytes as local)."})
public class PrepareCommand implements Callable<Integer> {
    @Mixin
    RecipeFlags flags;

    @Mixin
    WorkerThreads threads;

    @Mixin
    org.heartsounds.core.options.EngineFlag engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>();
        engine.addTo(more);
        PrepareResult result = DatasetPreparer.builder().setRecipe(flags.resolve(more))
                .optThreads(threads.value(spec.commandLine())).optListener(ProgressBarListener.forConsole()).build()
                .prepare();
        print(spec.commandLine().getOut(), result);
        return 0;
    }

    static void print(PrintWriter out, PrepareResult r) {
        out.print(Inspection.warningLines(r.warnings()));
        out.printf(Locale.ROOT, "prepared %d recordings -> %d images (%d written, %d already there) in %.1f s%n",
                r.recordings(), r.images(), r.imagesWritten(), r.imagesSkipped(), r.seconds());
        out.println(r.analysis().splitTable());
        out.println(r.analysis().groupSummary());
        r.notes().forEach(out::println);
        out.print("stage seconds (summed over threads):");
        for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
            out.printf(Locale.ROOT, " %s %.2f", e.getKey(), e.getValue());
        }
        out.println();
        out.println("dataset: " + r.out().toAbsolutePath().normalize());
        out.flush();
    }
}
