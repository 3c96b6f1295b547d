/** DL4J training benchmarks: ResNet-18 images per second, a per-layer profile of one step, time to a val accuracy. */
package org.heartsounds.bench.train;
