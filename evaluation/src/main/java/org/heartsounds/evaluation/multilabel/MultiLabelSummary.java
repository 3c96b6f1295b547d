package org.heartsounds.evaluation.multilabel;

import java.util.Locale;

/** One line per level of a multi-label evaluation, for the command line. */
public final class MultiLabelSummary {
    private MultiLabelSummary() {
    }

    /** E.g. {@code patients 30  macro AUROC 0.9120 (95 % CI 0.85-0.96)  macro F1 0.71  subset accuracy 0.53}. */
    public static String line(MultiLabelMetrics m) {
        return String.format(Locale.ROOT, "%-10s %5d  macro AUROC %s (%.0f %% CI %s-%s)  macro F1 %s  subset "
                        + "accuracy %s  Hamming loss %s", m.level(), m.count(), MultiLabelReport.num(m.macro().auroc()),
                100 * m.macroAurocCi().level(), MultiLabelReport.num(m.macroAurocCi().lower()),
                MultiLabelReport.num(m.macroAurocCi().upper()), MultiLabelReport.num(m.macro().f1()),
                MultiLabelReport.num(m.subsetAccuracy()), MultiLabelReport.num(m.hammingLoss()));
    }
}
