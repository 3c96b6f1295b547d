package org.heartsounds.evaluation.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.evaluation.model.TimeShiftAveraging;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --ensemble} and {@code --tta-shifts} / {@code --tta-max-shift} options of {@code evaluate} and {@code predict}. */
public class EnsembleFlags {
    @Option(names = "--ensemble", paramLabel = "MODEL",
            description = "Average the class probabilities with this model's (repeatable): a run folder, a model "
                    + "file or a cross-validation folder (all its fold models). With evaluate --run on a "
                    + "cross-validation folder: another cross-validation folder with the same folds, fold K's "
                    + "models averaged.")
    List<Path> ensemble = new ArrayList<>();

    @Option(names = "--tta-shifts", paramLabel = "N", defaultValue = "0",
            description = "Time-shift test-time averaging: probabilities averaged over 2N+1 circular rolls of each "
                    + "spectrogram along time, evenly spaced up to --tta-max-shift of its width (default: "
                    + "${DEFAULT-VALUE}, none).")
    int ttaShifts;

    @Option(names = "--tta-max-shift", paramLabel = "F", defaultValue = "0.1",
            description = "The largest roll of --tta-shifts as a fraction of the width, in (0, 0.5] (default: "
                    + "${DEFAULT-VALUE}, the recipes' train.augment.time_shift).")
    double ttaMaxShift;

    /** The other models, in the order given. */
    public List<Path> ensemble() {
        return List.copyOf(ensemble);
    }

    /**
     * The time-shift averaging asked for.
     *
     * @throws CommandLine.ParameterException (exit 2) for values out of range
     */
    public TimeShiftAveraging.Spec tta(CommandLine commandLine) {
        try {
            return new TimeShiftAveraging.Spec(ttaShifts, ttaMaxShift);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--tta-shifts / --tta-max-shift: "
                    + e.getMessage());
        }
    }
}
