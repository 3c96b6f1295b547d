/** Sweep configuration: a base recipe plus its {@code sweep:} section of parameter spaces, read and validated. */
package org.heartsounds.sweep.config;
