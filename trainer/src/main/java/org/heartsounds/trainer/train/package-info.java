/** The training loop: learning-rate schedule, early stopping, divergence guard, progress events and per-epoch state. */
package org.heartsounds.trainer.train;
