/** Writes an evaluation's artifacts into a folder: metrics files, charts and a self-contained HTML report. */
package org.heartsounds.evaluation.report;
