package org.heartsounds.data.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.heartsounds.data.synth.SyntheticCollection;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds data synth}: the documented synthetic heart-sound dataset (the main job's default). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a synthetic heart-sound dataset (S1/S2 beats plus class-specific murmurs for AS, MR,",
            "MS, MVP and N) as <out>/<class>/*.wav, or with --patients a multi-label clinical collection:",
            "patients with 0-2 lesions, 2-4 auscultation sites each, <out>/<patient>/*.wav and",
            "<out>/manifest.csv (path,label,group,site). Deterministic for a seed."})
public class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--per-class", description = "Recordings per class (default: ${DEFAULT-VALUE}).")
    int perClass = 40;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--patients", paramLabel = "N",
            description = "Write the multi-label clinical collection of N patients instead (see data.synth."
                    + "SyntheticCollection: prevalence, co-occurrence and site audibility are documented there).")
    Integer patients;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (patients != null) {
            if (patients < 1 || patients > 100_000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--patients must be in [1, 100000], got " + patients);
            }
            Path manifest = SyntheticCollection.write(out, SyntheticCollection.Spec.of(patients, seed));
            spec.commandLine().getOut().printf("wrote %d patients' recordings and %s%n", patients,
                    manifest.toAbsolutePath().normalize());
            return 0;
        }
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
