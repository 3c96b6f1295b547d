/** Re-evaluation of a finished cross-validation run's fold models, per fold and pooled, following its folds.csv. */
package org.heartsounds.evaluation.cv;
