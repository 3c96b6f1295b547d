package org.heartsounds.sweep.cv;

import java.util.Locale;

/** summary.txt of a cross-validation run: one line per fold, then mean ± sd per level. */
public final class CrossValidationText {
    private CrossValidationText() {
    }

    public static String format(CrossValidationRun.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d-fold cross-validation, %s protocol, %.0f s%n", r.folds(),
                r.protocol(), r.seconds()));
        sb.append(String.format(Locale.ROOT, "%-5s %-5s %6s %5s %5s %9s %9s %9s %9s %7s%n", "fold", "best", "train",
                "val", "test", "win acc", "win F1", "rec acc", "rec F1", "s"));
        for (CrossValidationRun.FoldResult f : r.perFold()) {
            sb.append(String.format(Locale.ROOT, "%-5d %-5d %6d %5d %5d %9.4f %9.4f %9.4f %9.4f %7.0f%n", f.fold(),
                    f.bestEpoch(), f.trainImages(), f.valImages(), f.testImages(), f.windowAccuracy(),
                    nan(f.windowMacroF1()), f.recordingAccuracy(), nan(f.recordingMacroF1()), f.seconds()));
        }
        sb.append(line("windows", r.windows()));
        sb.append(line("recordings", r.recordings()));
        return sb.toString();
    }

    private static String line(String level, org.heartsounds.evaluation.CrossValidationSummary s) {
        return String.format(Locale.ROOT, "%-10s accuracy %.4f ± %.4f   macro-F1 %.4f ± %.4f   pooled accuracy %.4f%n",
                level, s.accuracy().mean(), s.accuracy().standardDeviation(), s.macroF1().mean(),
                s.macroF1().standardDeviation(), s.pooled().summary().accuracy());
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
