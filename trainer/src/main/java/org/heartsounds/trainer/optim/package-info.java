/** The parameter update of a training step: DL4J's Adam with weight decay fused into one pass over the parameters. */
package org.heartsounds.trainer.optim;
