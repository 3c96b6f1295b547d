package org.heartsounds.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.core.options.RecipeOptions;
import org.heartsounds.data.prepare.ProgressBarListener;
import org.heartsounds.pipeline.MainJob;
import org.heartsounds.trainer.train.TrainingEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code heartsounds run}: the main job ({@link MainJob}) — every stage that exists, on one dataset. With no
 * {@code --data} (and no data source in the recipe) it first writes the synthetic dataset, so it runs on a fresh
 * machine.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The main job: run the whole pipeline (inspect, prepare, train, evaluate, export for the",
            "Jetson) on a dataset and say where the results are. Without --data it generates the",
            "synthetic heart-sound dataset first."})
public class RunCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with one sub-folder of WAVs per class.")
    Path data;

    @Option(names = "--manifest", paramLabel = "CSV", description = {"CSV manifest instead of --data: header "
            + "path,label[,group][,split]; several labels joined by ';'; paths relative to the manifest's folder "
            + "(see 'heartsounds data manifest' to write one from a published label file)."})
    Path manifest;

    @Option(names = "--out", paramLabel = "DIR", description = "Where everything goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "main");

    @Option(names = "--per-class", description = "Synthetic recordings per class (default: ${DEFAULT-VALUE}).")
    int perClass = 40;

    @Option(names = "--epochs", description = "Training epochs of the main job (default: ${DEFAULT-VALUE}; the "
            + "recipe's train.epochs is for 'heartsounds train').")
    int epochs = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        MainJob job;
        if (data != null && manifest != null) {
            throw new ParameterException(spec.commandLine(), "--data and --manifest are exclusive: give one source");
        }
        Map<String, String> source = manifest == null ? Map.of()
                : Map.of("data.manifest", RecipeOptions.yamlString(manifest.toString()), "data.dir", "null");
        try {
            job = MainJob.builder().setRecipe(recipeOptions.resolve(source)).setOut(out).optData(data)
                    .optPerClass(perClass).optEpochs(epochs).optEvents(TrainingEvents.printing(w))
                    .optPrepareListener(ProgressBarListener.forConsole()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MainJob.Result result = job.run();
        w.println("results:");
        result.outputs().forEach((k, v) -> w.printf("  %-52s %s%n", k, v.toAbsolutePath().normalize()));
        w.flush();
        return ExitCodes.OK;
    }
}
