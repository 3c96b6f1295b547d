/** Builds the network to train with DL4J transfer learning: ResNet-18 base, pretrained weights, head, freezing. */
package org.heartsounds.trainer.transfer;
