package org.heartsounds.export.cli;

import java.nio.file.Path;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.export.OnnxGraphExporter;
import org.heartsounds.export.OrtParityCheck;
import picocli.CommandLine.Option;

/** Options shared by {@code export onnx} and {@code export jetson}: the run, the opset and the checked split. */
public class ExportFlags {
    @Option(names = "--run", required = true, paramLabel = "RUN",
            description = "Training run folder (holds model.zip, config.yaml, provenance.json), or a "
                    + "cross-validation folder: its fold models averaged in one graph (ONNX Mean).")
    Path run;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + OnnxGraphExporter.DEFAULT_OPSET,
            description = "ONNX opset: 13 or 11 (default: ${DEFAULT-VALUE}).")
    int opset;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Prepared split whose images the export check runs on (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The run's prepared dataset, when it is no longer where the run recorded it.")
    Path data;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime threads for the check (default: ${DEFAULT-VALUE}, ONNX Runtime's choice).")
    int threads;

    /** Opens the run; bad input when anything is missing or inconsistent. */
    ExportSource source() {
        return ExportSource.open(run, data);
    }

    /** The export with these options. */
    OnnxExport export() {
        Split s;
        try {
            s = Split.parse(split);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--split", e.getMessage());
        }
        if (threads < 0) {
            throw new BadInputException("--threads", "must be >= 0, got " + threads);
        }
        return OnnxExport.builder().optOpset(opset).optSplit(s)
                .optCheck(OrtParityCheck.builder().optThreads(threads).build()).build();
    }
}
