package org.heartsounds.trainer.imports;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * Result of {@link OnnxGraphImporter}: the initialised graph with the ONNX weights loaded.
 *
 * @param graph           the trainable DL4J graph
 * @param inputName       name of its single input (NCHW)
 * @param outputVertices  vertices giving the ONNX graph's outputs, in ONNX order
 * @param opset           the model's default-domain opset
 * @param resNet18Names   whether the graph was recognised as ResNet-18 and named like
 *                        {@link org.heartsounds.trainer.model.ResNet18}
 * @param inputShape      [C, H, W] the graph was built for
 */
public record ImportedOnnxGraph(ComputationGraph graph, String inputName, List<String> outputVertices, int opset,
                                boolean resNet18Names, List<Long> inputShape) {
}
