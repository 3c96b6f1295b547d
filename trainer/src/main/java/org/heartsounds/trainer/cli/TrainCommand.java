package org.heartsounds.trainer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.trainer.data.PreparedData;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.options.TrainFlags;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.trainer.train.EpochResult;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds train}: fit a classifier on a prepared dataset's train split, selected on its val split. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train ResNet-18 on the prepared spectrograms (prepared first when needed).",
            "Early stopping and model selection use the validation split only. The run folder holds",
            "config.yaml (replay with --config), provenance.json, labels.txt, metrics.csv, checkpoint.zip",
            "and model.zip (the best network on validation). A killed run continues with --resume."})
public class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainFlags flags;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @picocli.CommandLine.Mixin
    org.heartsounds.trainer.options.ThreadsFlag threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        threads.apply(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        Recipe recipe = flags.resolve();
        PreparedDataset data = PreparedData.ensure(recipe, TrainingEvents.printing(out)::line);
        TrainingRun.Result result = TrainingRun.builder().setRecipe(recipe).setData(data).optResume(resume)
                .optCatalogue(WeightsLookup.catalogue()).optEvents(TrainingEvents.printing(out)).build().run();
        EpochResult best = result.outcome().best();
        out.printf(Locale.ROOT, "run folder: %s%n  model.zip (epoch %d: val acc %.4f, val loss %.4f), "
                + "metrics.csv, config.yaml, provenance.json%n", result.folder().root().toAbsolutePath()
                .normalize(), best.epoch(), best.valAcc(), best.valLoss());
        out.flush();
        return ExitCodes.OK;
    }
}
