/** Evaluation charts (training curves, confusion matrix, ROC, reliability) in JFreeChart, rendered to PNG and SVG. */
package org.heartsounds.evaluation.charts;
