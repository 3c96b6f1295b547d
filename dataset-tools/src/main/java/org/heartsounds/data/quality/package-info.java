/** Recording quality checks: too short, constant, silent, clipped or outside the heart-sound band. */
package org.heartsounds.data.quality;
