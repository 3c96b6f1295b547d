/** DL4J convolution and batch-normalisation helpers that call oneDNN directly through JavaCPP's dnnl presets. */
package org.heartsounds.trainer.backend.onednn;
