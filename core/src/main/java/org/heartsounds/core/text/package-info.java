/** Plain-text tables with aligned columns, for command-line output and text reports. */
package org.heartsounds.core.text;
