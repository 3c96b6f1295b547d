/** Detection of recordings sharing audio at any offset: gain-invariant fingerprints confirmed by cross-correlation. */
package org.heartsounds.data.overlap;
