/** The folder to copy to a Jetson: the checked ONNX model, labels, optional test images and imagenet.py commands. */
package org.heartsounds.export.jetson;
