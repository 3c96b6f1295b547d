/** Evaluation of a model on one split of a prepared dataset, per window and per recording, once the two match. */
package org.heartsounds.evaluation.run;
