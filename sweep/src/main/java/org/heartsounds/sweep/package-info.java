/**
 * Hyperparameter sweeps over training and spectrogram parameters, built on Arbiter's vocabulary: parameter
 * spaces, candidate generators, a data source, a model saver, a score function and termination conditions.
 */
package org.heartsounds.sweep;
