/** The {@code data inspect} report: per-class counts, durations, formats, clipping and grouping of a dataset. */
package org.heartsounds.data.inspect;
