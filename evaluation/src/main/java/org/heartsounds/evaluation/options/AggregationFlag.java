package org.heartsounds.evaluation.options;

import org.heartsounds.evaluation.Aggregation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --aggregate mean|log_mean} option of {@code evaluate} and {@code predict}. */
public class AggregationFlag {
    @Option(names = "--aggregate", paramLabel = "mean|log_mean", defaultValue = "mean",
            description = "How window probabilities become a recording's and recordings' a patient's: their mean, "
                    + "or the mean of their logarithms (geometric mean, renormalised) (default: ${DEFAULT-VALUE}).")
    String aggregate;

    /**
     * The aggregation asked for.
     *
     * @throws CommandLine.ParameterException (exit 2) for another value
     */
    public Aggregation resolve(CommandLine commandLine) {
        try {
            return Aggregation.parse(aggregate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--aggregate must be mean or log_mean, got '"
                    + aggregate + "'");
        }
    }
}
