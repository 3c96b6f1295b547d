/**
 * Prediction for WAV recordings: window probabilities through the model's own input pipeline, combined per file and
 * per patient group.
 */
package org.heartsounds.evaluation.predict;
