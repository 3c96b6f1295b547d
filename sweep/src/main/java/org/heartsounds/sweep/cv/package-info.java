/** k-fold cross-validation of a recipe: a training run per fold, each tested on its test part, and pooled metrics. */
package org.heartsounds.sweep.cv;
