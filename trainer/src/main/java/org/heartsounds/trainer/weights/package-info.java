/** Catalogue, pinned download and cache of pretrained weight files, and lookup of the catalogue names recipes use. */
package org.heartsounds.trainer.weights;
