/** The {@code heartsounds} program: entry point, the top-level command listing every sub-command, and {@code run}. */
package org.heartsounds.cli;
