package org.heartsounds.export.cli;

import picocli.CommandLine.Command;

/** {@code heartsounds export}: the model export commands. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a training run's model for deployment. Every export is checked before it is",
            "written: ONNX Runtime, fed the images as jetson-inference prepares them, must agree with DL4J",
            "on every test image (same top-1 class, probabilities within 1e-4). Exit codes: 0 ok,",
            "1 the check failed (nothing written), 2 bad input."},
        subcommands = {ExportOnnxCommand.class, ExportJetsonCommand.class})
public class ExportCommand {
}
