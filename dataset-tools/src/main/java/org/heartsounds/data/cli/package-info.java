/** The {@code heartsounds data} commands: fetch, inspect, manifest, prepare and synth. */
package org.heartsounds.data.cli;
