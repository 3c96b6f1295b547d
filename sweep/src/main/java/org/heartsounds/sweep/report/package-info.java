/** Charts of a sweep's candidate scores, in order and against each parameter, as PNG and SVG. */
package org.heartsounds.sweep.report;
