/** picocli option mixins shared by the evaluation commands. */
package org.heartsounds.evaluation.options;
