package org.heartsounds.evaluation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.heartsounds.evaluation.MetricsReport.Averages;
import org.heartsounds.evaluation.MetricsReport.ClassMetrics;
import org.heartsounds.evaluation.MetricsReport.Confusion;
import org.heartsounds.evaluation.MetricsReport.Misclassified;
import org.heartsounds.evaluation.MetricsReport.ReliabilityCurve;
import org.heartsounds.evaluation.MetricsReport.RocCurve;
import org.heartsounds.evaluation.MetricsReport.Summary;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.EvaluationUtils;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.EvaluationCalibration;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.evaluation.curves.ReliabilityDiagram;
import org.nd4j.evaluation.meta.Prediction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fills a {@link MetricsReport} from DL4J's evaluation classes: {@link Evaluation} (confusion matrix, per-class
 * counts, precision, recall, F1, binary MCC, macro/micro averages, the list of prediction errors),
 * {@link ROCMultiClass} with exact thresholds (one-vs-rest ROC curves and AUC) and {@link EvaluationCalibration}
 * (reliability diagrams). Only what DL4J lacks is computed here: NPV, multi-class kappa and MCC
 * ({@link AgreementStatistics}), the bootstrap intervals ({@link BootstrapIntervals}; balanced accuracy itself is
 * DL4J's macro recall, the mean per-class sensitivity) and, because DL4J's
 * {@code f1(Macro)} returns the positive-class F1 when there are exactly two classes and leaves out every class that
 * was never predicted (a model that always answers one class would score far too well), F1 per class as
 * {@code 2 TP / (2 TP + FP + FN)} (0 for a class that occurs but is never predicted, undefined only for a class that
 * neither occurs nor is predicted) and the macro-F1 as their mean, as scikit-learn's {@code f1_score(average=
 * "macro")} does ({@link BootstrapIntervals#macroF1(long[][])}). Where every class is predicted both agree with
 * DL4J's.
 */
final class MetricsCalculator {
    /** DL4J's marker for an undefined (0/0) value. */
    private static final double UNDEFINED = -1.0;

    private MetricsCalculator() {
    }

    static MetricsReport compute(Predictions p, MetricsOptions options) {
        INDArray labels = p.oneHotLabels();
        INDArray probs = p.probabilityMatrix();
        int c = p.numClasses();

        Evaluation eval = new Evaluation(p.classNames());
        List<Serializable> rowIndex = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            rowIndex.add(i);
        }
        eval.eval(labels, probs, rowIndex);

        ROCMultiClass roc = new ROCMultiClass(0);
        roc.eval(labels, probs);

        // one histogram bin: the residual and probability histograms are not used, and every bin costs a pass
        // of ND4J operations over the whole set
        EvaluationCalibration calibration = new EvaluationCalibration(options.reliabilityBins(), 1);
        calibration.eval(labels, probs);

        long[][] counts = confusionCounts(eval, c);
        List<ClassMetrics> perClass = perClass(eval, roc, p.classNames());
        BootstrapIntervals.Result ci = BootstrapIntervals.compute(p, options);
        List<Misclassified> errors = misclassified(eval, p);

        // balanced accuracy: DL4J's macro recall, the mean sensitivity over the classes that occur
        Summary summary = new Summary(defined(eval.recall(EvaluationAveraging.Macro)), ci.balancedAccuracy(),
                eval.accuracy(), ci.accuracy(), macroF1(perClass), ci.macroF1(),
                defined(AgreementStatistics.cohensKappa(counts)),
                defined(AgreementStatistics.matthewsCorrelation(counts)), meanOf(perClass, ClassMetrics::auc),
                errors.size());
        return new MetricsReport(MetricsReport.SCHEMA, p.classNames(), p.size(), summary, perClass,
                macroAverages(eval, perClass), microAverages(eval, perClass), new Confusion(counts, rowNormalised(counts)),
                rocCurves(roc, perClass), reliability(calibration, p.classNames(), options.reliabilityBins()), errors, ci.settings(), p,
                null);
    }

    private static long[][] confusionCounts(Evaluation eval, int c) {
        long[][] m = new long[c][c];
        for (int t = 0; t < c; t++) {
            for (int q = 0; q < c; q++) {
                m[t][q] = eval.getConfusionMatrix().getCount(t, q);
            }
        }
        return m;
    }

    private static double[][] rowNormalised(long[][] counts) {
        double[][] out = new double[counts.length][counts.length];
        for (int t = 0; t < counts.length; t++) {
            long row = 0;
            for (long v : counts[t]) {
                row += v;
            }
            for (int q = 0; q < counts.length && row > 0; q++) {
                out[t][q] = counts[t][q] / (double) row;
            }
        }
        return out;
    }

    private static List<ClassMetrics> perClass(Evaluation eval, ROCMultiClass roc, List<String> names) {
        Map<Integer, Integer> tp = eval.truePositives();
        Map<Integer, Integer> fp = eval.falsePositives();
        Map<Integer, Integer> fn = eval.falseNegatives();
        Map<Integer, Integer> tn = eval.trueNegatives();
        List<ClassMetrics> out = new ArrayList<>(names.size());
        for (int k = 0; k < names.size(); k++) {
            long tpK = tp.getOrDefault(k, 0);
            long fpK = fp.getOrDefault(k, 0);
            long fnK = fn.getOrDefault(k, 0);
            long tnK = tn.getOrDefault(k, 0);
            double fpr = eval.falsePositiveRate(k, UNDEFINED);
            out.add(new ClassMetrics(names.get(k), tpK + fnK, tpK + fpK, tpK, fpK, fnK, tnK,
                    dl4j(eval.recall(k, UNDEFINED)), fpr == UNDEFINED ? null : 1.0 - fpr,
                    dl4j(eval.precision(k, UNDEFINED)), ratio(tnK, tnK + fnK), BootstrapIntervals.f1(tpK, fpK, fnK),
                    defined(eval.matthewsCorrelation(k)), auc(roc, k)));
        }
        return out;
    }

    private static Double auc(ROCMultiClass roc, int k) {
        if (roc.getCountActualPositive(k) == 0 || roc.getCountActualNegative(k) == 0) {
            return null;
        }
        return defined(roc.calculateAUC(k));
    }

    private static Averages macroAverages(Evaluation eval, List<ClassMetrics> perClass) {
        return new Averages(defined(eval.recall(EvaluationAveraging.Macro)), meanOf(perClass, ClassMetrics::specificity),
                defined(eval.precision(EvaluationAveraging.Macro)), meanOf(perClass, ClassMetrics::npv),
                macroF1(perClass));
    }

    private static Averages microAverages(Evaluation eval, List<ClassMetrics> perClass) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (ClassMetrics m : perClass) {
            tp += m.tp();
            fp += m.fp();
            fn += m.fn();
            tn += m.tn();
        }
        return new Averages(defined(eval.recall(EvaluationAveraging.Micro)),
                defined(1.0 - eval.falsePositiveRate(EvaluationAveraging.Micro)),
                defined(eval.precision(EvaluationAveraging.Micro)), ratio(tn, tn + fn),
                defined(EvaluationUtils.fBeta(1.0, tp, fp, fn)));
    }

    private static Double macroF1(List<ClassMetrics> perClass) {
        return meanOf(perClass, ClassMetrics::f1);
    }

    private static List<RocCurve> rocCurves(ROCMultiClass roc, List<ClassMetrics> perClass) {
        List<RocCurve> out = new ArrayList<>();
        for (int k = 0; k < perClass.size(); k++) {
            if (perClass.get(k).auc() == null) {
                continue;
            }
            org.nd4j.evaluation.curves.RocCurve curve = roc.getRocCurve(k);
            out.add(new RocCurve(perClass.get(k).name(), perClass.get(k).auc(), curve.getFpr(), curve.getTpr(),
                    curve.getThreshold()));
        }
        return out;
    }

    private static List<ReliabilityCurve> reliability(EvaluationCalibration calibration, List<String> names,
                                                      int bins) {
        List<ReliabilityCurve> out = new ArrayList<>(names.size());
        for (int k = 0; k < names.size(); k++) {
            ReliabilityDiagram d = calibration.getReliabilityDiagram(k);
            out.add(new ReliabilityCurve(names.get(k), bins, d.getMeanPredictedValueX(), d.getFractionPositivesY()));
        }
        return out;
    }

    private static List<Misclassified> misclassified(Evaluation eval, Predictions p) {
        List<Misclassified> out = new ArrayList<>();
        List<Prediction> errors = eval.getPredictionErrors();
        if (errors == null) {
            return out;
        }
        for (Prediction e : errors) {
            int i = (Integer) e.getRecordMetaData();
            double[] probs = p.probabilities()[i];
            out.add(new Misclassified(i, p.items().get(i), p.classNames().get(e.getActualClass()),
                    p.classNames().get(e.getPredictedClass()), probs[e.getActualClass()],
                    probs[e.getPredictedClass()], probs.clone()));
        }
        out.sort(Comparator.comparingDouble(Misclassified::predictedProbability).reversed()
                .thenComparingInt(Misclassified::index));
        return out;
    }

    private static Double meanOf(List<ClassMetrics> perClass, java.util.function.Function<ClassMetrics, Double> f) {
        double sum = 0.0;
        int n = 0;
        for (ClassMetrics m : perClass) {
            Double v = f.apply(m);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static Double dl4j(double v) {
        return v == UNDEFINED ? null : defined(v);
    }

    private static Double defined(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : num / (double) den;
    }
}
