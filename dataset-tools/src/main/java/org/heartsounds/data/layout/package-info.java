/** jetson-inference's dataset folder layout: train/val/test folders of per-class PNGs plus labels.txt. */
package org.heartsounds.data.layout;
