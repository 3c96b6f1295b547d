/** One training run in a run folder: data, network, loop, resumable checkpoints and the model.zip archive. */
package org.heartsounds.trainer.run;
