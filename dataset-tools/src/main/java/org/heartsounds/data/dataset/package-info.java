/** The shared dataset vocabulary: a recording and its labels, the train/val/test split and the one class order. */
package org.heartsounds.data.dataset;
