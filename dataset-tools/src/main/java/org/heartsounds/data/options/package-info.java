/** Picocli mixin of the named data flags ({@code --data}, {@code --manifest}, {@code --out}, {@code --seed}). */
package org.heartsounds.data.options;
