/** Grad-CAM on spectrograms through DL4J's own backpropagation, overlays for people, galleries and explained predictions. */
package org.heartsounds.evaluation.explain;
