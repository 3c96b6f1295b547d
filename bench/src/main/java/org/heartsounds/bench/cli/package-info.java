/** The {@code heartsounds bench} commands: speed measurements run by hand, never part of the tests. */
package org.heartsounds.bench.cli;
