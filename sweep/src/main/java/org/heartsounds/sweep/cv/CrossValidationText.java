package org.heartsounds.sweep.cv;

import java.util.Locale;
import org.heartsounds.evaluation.CrossValidationSummary;

/**
 * summary.txt of a cross-validation run: one line per fold, then mean ± sd over folds of the three levels (windows,
 * recordings, patients) side by side, balanced accuracy, macro-F1 and per-class sensitivity first, and a note on
 * the patient level.
 */
public final class CrossValidationText {
    private CrossValidationText() {
    }

    public static String format(CrossValidationRun.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d-fold cross-validation, %s protocol, %.0f s%n", r.folds(),
                r.protocol(), r.seconds()));
        sb.append(String.format(Locale.ROOT, "%-5s %-5s %6s %5s %5s %9s %9s %9s %9s %9s %9s %7s%n", "fold", "best",
                "train", "val", "test", "win acc", "win F1", "rec acc", "rec F1", "pat bacc", "pat F1", "s"));
        for (CrossValidationRun.FoldResult f : r.perFold()) {
            sb.append(String.format(Locale.ROOT, "%-5d %-5d %6d %5d %5d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %7.0f%n",
                    f.fold(), f.bestEpoch(), f.trainImages(), f.valImages(), f.testImages(), f.windowAccuracy(),
                    nan(f.windowMacroF1()), f.recordingAccuracy(), nan(f.recordingMacroF1()),
                    nan(f.patientBalancedAccuracy()), nan(f.patientMacroF1()), f.seconds()));
        }
        sb.append(CrossValidationSummary.table(r.levels()));
        if (r.patients().pooled().levels() != null) {
            sb.append("note: ").append(r.patients().pooled().levels().note()).append('\n');
        }
        return sb.toString();
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
