/** Metrics from a model's predictions: per-class scores, ROC, calibration, bootstrap intervals, JSON and text. */
package org.heartsounds.evaluation;
