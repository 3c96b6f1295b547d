/** Trained classifiers behind one interface: DL4J model zips and run folders, and ONNX files run by ONNX Runtime. */
package org.heartsounds.evaluation.model;
