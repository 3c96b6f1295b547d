/** Safe ZIP and RAR extraction: entry names confined to the target folder, size and count limits, staged installs. */
package org.heartsounds.data.archive;
