/** Inference latency: batch-1 model latency in ONNX Runtime and DL4J, and the end-to-end time to predict one WAV. */
package org.heartsounds.bench.infer;
