/** ResNet-18 as a trainable DL4J graph with torchvision's architecture, built from PyTorch-compatible layers. */
package org.heartsounds.trainer.model;
