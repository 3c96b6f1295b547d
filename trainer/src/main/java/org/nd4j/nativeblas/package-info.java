/** Shim restoring the class name DL4J 1.0.0-M2.1 looks up to enable its oneDNN helpers; remove once fixed upstream. */
package org.nd4j.nativeblas;
