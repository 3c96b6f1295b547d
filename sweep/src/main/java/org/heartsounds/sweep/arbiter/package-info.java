/** Arbiter plug-ins of a sweep: candidate tasks, data provider, score function, result saver and abort condition. */
package org.heartsounds.sweep.arbiter;
