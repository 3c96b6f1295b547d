/** Runs a sweep with Arbiter, selects the best candidate on validation and writes the sweep's HTML report. */
package org.heartsounds.sweep.run;
