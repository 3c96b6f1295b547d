/** The {@code heartsounds train} command and the {@code heartsounds weights} commands (list, fetch). */
package org.heartsounds.trainer.cli;
