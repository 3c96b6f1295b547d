/** Picocli mixin of the named training flags shared by the train, cv and bench commands. */
package org.heartsounds.trainer.options;
