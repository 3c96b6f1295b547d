package org.heartsounds.data.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.options.RecipeFlags;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.Inspection;
import org.heartsounds.data.prepare.ProgressBarListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds data inspect}: what is in a dataset, before anything is written. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Report counts per class, durations, sample rates, clipping, and the groups of recordings",
            "that share audio (which a grouped split keeps whole). Writes nothing.",
            "--overlap-bands shows how strongly recordings share audio, to choose split.overlap.min_correlation."})
public class InspectCommand implements Callable<Integer> {
    @Mixin
    RecipeFlags flags;

    @Option(names = "--overlap-bands", arity = "0..1", fallbackValue = "0.9", paramLabel = "FLOOR",
            description = {"Also tabulate shared audio by correlation down to FLOOR (default ${FALLBACK-VALUE}):",
                "pairs per band, the share whose labels agree, and the groups each threshold forms."})
    Double bandsFloor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Recipe recipe = flags.resolve();
        if (bandsFloor != null && !(bandsFloor > 0 && bandsFloor <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--overlap-bands: the floor must be in (0, 1], got " + bandsFloor);
        }
        Inspection inspection = DatasetPreparer.builder().setRecipe(recipe)
                .optListener(ProgressBarListener.forConsole()).build().inspect();
        PrintWriter out = spec.commandLine().getOut();
        out.print(inspection.toText());
        if (bandsFloor != null) {
            out.println();
            out.print(inspection.overlapBands(recipe.split().overlap(), recipe.audio().sampleRate(), bandsFloor)
                    .toText());
        }
        out.flush();
        return 0;
    }
}
