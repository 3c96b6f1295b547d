/** Rewrites a trained graph into an equivalent one for inference: batch-norm folding and channels-last activations. */
package org.heartsounds.trainer.inference;
