/** Grouped, file-level or given train/val/test splits and k folds, stratified by class, with their summaries. */
package org.heartsounds.data.split;
