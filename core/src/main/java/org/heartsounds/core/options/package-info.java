/** Picocli mixin of the options every recipe-driven command shares: {@code --config} and repeatable {@code --set}. */
package org.heartsounds.core.options;
