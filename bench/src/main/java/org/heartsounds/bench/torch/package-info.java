/** Runners of the PyTorch reference scripts in bench/scripts, with a time limit, reading their JSON result lines. */
package org.heartsounds.bench.torch;
