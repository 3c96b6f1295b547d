package org.heartsounds.export.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.export.ExportCheckFailedException;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heartsounds export onnx}: the run's model as a checked ONNX file for jetson-inference. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Write the run's model as DIR/" + ExportOnnxCommand.FILE + " (input input_0 [1,3,H,W],",
            "output output_0 [1,N] softmax probabilities, static shapes, labels / recipe / preprocessing /",
            "provenance in the metadata), with labels.txt and export-check.json beside it."})
public class ExportOnnxCommand implements Callable<Integer> {
    /** The model's file name in --out. */
    public static final String FILE = "model.onnx";

    @Mixin
    ExportFlags flags;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the model.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        OnnxExport export = flags.export();
        ExportSource source = flags.source();
        w.printf("exporting %s (opset %d), checking on the %s split ...%n", source.run().model(), flags.opset,
                flags.split);
        w.flush();
        try {
            OnnxExport.Result r = export.export(source, out.resolve(FILE));
            w.println(r.report().summary());
            w.printf("model: %s (%d bytes)%nlabels: %s%ncheck: %s%n", r.model(), r.bytes(), r.labels(),
                    r.checkFile());
            w.flush();
            return ExitCodes.OK;
        } catch (ExportCheckFailedException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
    }
}
