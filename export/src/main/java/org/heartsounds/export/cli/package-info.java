/** The {@code heartsounds export onnx} and {@code heartsounds export jetson} commands. */
package org.heartsounds.export.cli;
