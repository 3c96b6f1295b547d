/** The {@code heartsounds data} commands: fetch, inspect, prepare and synth. */
package org.heartsounds.data.cli;
