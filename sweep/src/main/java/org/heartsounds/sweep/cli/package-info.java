/** The {@code heartsounds sweep} and {@code heartsounds cv} commands. */
package org.heartsounds.sweep.cli;
