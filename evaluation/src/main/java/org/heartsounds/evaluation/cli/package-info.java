/** The {@code heartsounds evaluate} and {@code heartsounds predict} commands. */
package org.heartsounds.evaluation.cli;
