/** Import of pretrained networks as trainable DL4J graphs: ONNX CNN graphs and PyTorch checkpoints, in plain Java. */
package org.heartsounds.trainer.imports;
