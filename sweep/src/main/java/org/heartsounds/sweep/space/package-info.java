/** Arbiter parameter space whose values are candidate recipes built from the swept keys over a base recipe. */
package org.heartsounds.sweep.space;
