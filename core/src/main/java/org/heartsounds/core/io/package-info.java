/** File helpers shared by the modules: atomic writes (temporary file, fsync, rename), folders and SHA-256 digests. */
package org.heartsounds.core.io;
