/** Pinned, resumable downloads checked by SHA-256, safe ZIP/RAR extraction and the catalogue of fetchable datasets. */
package org.heartsounds.data.fetch;
