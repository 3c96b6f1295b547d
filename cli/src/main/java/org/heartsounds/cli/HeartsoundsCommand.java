package org.heartsounds.cli;

import org.heartsounds.bench.cli.BenchCommand;
import org.heartsounds.data.cli.DataCommand;
import org.heartsounds.evaluation.cli.EvaluateCommand;
import org.heartsounds.evaluation.cli.PredictCommand;
import org.heartsounds.export.cli.ExportCommand;
import org.heartsounds.sweep.cli.CvCommand;
import org.heartsounds.sweep.cli.SweepCommand;
import org.heartsounds.trainer.cli.TrainCommand;
import org.heartsounds.trainer.cli.WeightsCommand;
import picocli.CommandLine.Command;

/** The {@code heartsounds} program: one sub-command per job. */
@Command(name = "heartsounds", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Heart-valve-disease classifiers from stethoscope recordings, with Deeplearning4j.",
            "Exit codes: 0 ok, 1 failure, 2 bad input."},
        subcommands = {RunCommand.class, DataCommand.class, TrainCommand.class, CvCommand.class, SweepCommand.class,
            WeightsCommand.class, BenchCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class})
public class HeartsoundsCommand {
}
