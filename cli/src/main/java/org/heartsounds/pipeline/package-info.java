/** The main job as a library: synthetic data when none is given, prepare, train, test evaluation and Jetson export. */
package org.heartsounds.pipeline;
