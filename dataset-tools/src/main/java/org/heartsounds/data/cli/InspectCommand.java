package org.heartsounds.data.cli;

import java.util.concurrent.Callable;
import org.heartsounds.data.prepare.DatasetPreparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code heartsounds data inspect}: what is in a dataset, before anything is written. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Report counts per class, durations, sample rates, clipping, and the groups of recordings",
            "that share audio (which a grouped split keeps whole). Writes nothing."})
public class InspectCommand implements Callable<Integer> {
    @Mixin
    RecipeFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String report = DatasetPreparer.builder().setRecipe(flags.resolve())
                .optListener(ProgressBarListener.forConsole()).build().inspect().toText();
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
