package org.heartsounds.data.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds data synth}: the documented synthetic heart-sound dataset (the main job's default). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a synthetic heart-sound dataset (S1/S2 beats plus class-specific murmurs for AS, MR,",
            "MS, MVP and N) as <out>/<class>/*.wav. Deterministic for a seed."})
public class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--per-class", description = "Recordings per class (default: ${DEFAULT-VALUE}).")
    int perClass = 40;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (perClass < 1 || perClass > 100_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--per-class must be in [1, 100000], got " + perClass);
        }
        List<Path> files = SyntheticHeartSounds.writeDataset(out, SyntheticHeartSounds.Spec.mainJob(perClass, seed));
        spec.commandLine().getOut().printf("wrote %d synthetic recordings to %s%n", files.size(),
                out.toAbsolutePath().normalize());
        return 0;
    }

}
