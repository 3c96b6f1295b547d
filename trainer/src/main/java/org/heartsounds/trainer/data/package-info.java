/** A prepared dataset as training reads it: PNGs as in-memory tensors, seeded epoch minibatches and augmentation. */
package org.heartsounds.trainer.data;
