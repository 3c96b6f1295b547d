/** Heart-sound segmentation: S1 and S2 positions from a recording's Shannon-energy envelope, and their check. */
package org.heartsounds.data.segment;
