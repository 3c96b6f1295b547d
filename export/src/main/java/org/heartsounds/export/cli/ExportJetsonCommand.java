package org.heartsounds.export.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.export.ExportCheckFailedException;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.export.jetson.JetsonBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds export jetson}: a folder to copy to a Jetson, with the checked model and imagenet.py commands. */
@Command(name = "jetson", mixinStandardHelpOptions = true,
        description = {"Write a folder to copy to a Jetson as it is: models/NAME/resnet18.onnx and labels.txt,",
            "optionally data/NAME/test/<class>/*.png, README.md with the imagenet.py commands and",
            "jetson_accuracy.py, which measures the accuracy on the device."})
public class ExportJetsonCommand implements Callable<Integer> {
    @Mixin
    ExportFlags flags;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The folder to create (must not exist or be empty).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "heartsounds",
            description = "Model name in the paths models/NAME and data/NAME (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--with-test-images", description = "Copy the test split's PNGs to data/NAME/test/<class>/.")
    boolean withTestImages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        OnnxExport export = flags.export();
        ExportSource source = flags.source();
        w.printf("exporting %s (opset %d) for jetson-inference, checking on the %s split ...%n",
                source.run().model(), flags.opset, flags.split);
        w.flush();
        try {
            JetsonBundle.Result r = JetsonBundle.write(source, out, name, withTestImages, export);
            w.println(r.export().report().summary());
            w.printf("jetson folder: %s%n  %s, %s%s, %s, %s%n", r.root(), JetsonBundle.modelPath(name),
                    JetsonBundle.labelsPath(name), r.testImages() > 0 ? ", " + JetsonBundle.testPath(name) + " ("
                    + r.testImages() + " images)" : "", JetsonBundle.README, JetsonBundle.SCRIPT);
            w.flush();
            return ExitCodes.OK;
        } catch (ExportCheckFailedException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
    }
}
