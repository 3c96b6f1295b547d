/** Project-wide basics: the bad-input exception, the exit codes of every command and the provenance of artifacts. */
package org.heartsounds.core;
