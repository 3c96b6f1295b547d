/** ONNX export of a trained DL4J graph for jetson-inference, checked in ONNX Runtime fed the device's preprocessing. */
package org.heartsounds.export;
