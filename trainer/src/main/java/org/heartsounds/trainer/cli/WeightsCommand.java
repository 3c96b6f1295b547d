package org.heartsounds.trainer.cli;

import picocli.CommandLine.Command;

/** {@code heartsounds weights}: the pretrained-weights commands. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"Fetch and list pinned pretrained weight files (verified by size and SHA-256).",
            "Cache: $HEARTSOUNDS_CACHE/weights, else ~/.cache/heartsounds/weights, or --cache DIR/weights."},
        subcommands = {WeightsFetchCommand.class, WeightsListCommand.class})
public class WeightsCommand {
}
