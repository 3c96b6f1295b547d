/** Pinned, resumable downloads checked by size and SHA-256, and the catalogue of fetchable datasets. */
package org.heartsounds.data.fetch;
