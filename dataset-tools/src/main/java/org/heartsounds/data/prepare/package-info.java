/** {@code data prepare}: WAVs to a spectrogram PNG dataset with manifest, group report, recipe and provenance. */
package org.heartsounds.data.prepare;
