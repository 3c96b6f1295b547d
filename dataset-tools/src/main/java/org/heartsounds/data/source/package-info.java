/** Dataset sources that list recordings with their labels: one folder per class, or a CSV manifest. */
package org.heartsounds.data.source;
