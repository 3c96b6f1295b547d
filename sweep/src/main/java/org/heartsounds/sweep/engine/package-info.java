/** Where a sweep's candidates and a cross-validation's folds train: this JVM, or an engine found on the class path. */
package org.heartsounds.sweep.engine;
