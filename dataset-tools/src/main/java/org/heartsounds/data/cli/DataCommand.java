package org.heartsounds.data.cli;

import picocli.CommandLine.Command;

/** {@code heartsounds data}: the dataset commands. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Inspect, prepare, fetch and synthesise heart-sound datasets; write a manifest from a",
            "published dataset's label files."},
        subcommands = {InspectCommand.class, PrepareCommand.class, ManifestCommand.class, FetchCommand.class,
            SynthCommand.class, SegmentCommand.class})
public class DataCommand {
}
