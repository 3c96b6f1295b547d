/** Evaluation of a model on one split of a prepared dataset, per window, recording and patient, once the two match. */
package org.heartsounds.evaluation.run;
