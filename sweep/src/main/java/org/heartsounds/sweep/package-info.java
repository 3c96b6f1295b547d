/** Experiments of many trainings: k-fold cross-validation ({@code cv}) and Arbiter hyperparameter sweeps (the rest). */
package org.heartsounds.sweep;
