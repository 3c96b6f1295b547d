/** Multi-label evaluation: per-label metrics from DL4J's EvaluationBinary and ROCBinary, per window, recording and patient. */
package org.heartsounds.evaluation.multilabel;
