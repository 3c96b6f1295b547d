/** Prediction for WAV recordings: window probabilities through the model's own input pipeline, averaged per file. */
package org.heartsounds.evaluation.predict;
