package org.heartsounds.export;

/**
 * An exported model disagreed with DL4J (or ONNX Runtime could not run it); the model was not written. The message
 * carries the numbers ({@link ParityReport#summary()}); the command line exits with 1.
 */
public class ExportCheckFailedException extends RuntimeException {
    private final transient ParityReport report;

    public ExportCheckFailedException(String what, ParityReport report) {
        super("export check failed, " + what + " was not written: " + report.summary());
        this.report = report;
    }

    public ParityReport report() {
        return report;
    }
}
