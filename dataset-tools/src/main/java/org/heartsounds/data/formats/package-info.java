/** Converters from published dataset layouts (label files as distributed) to the project's CSV manifest. */
package org.heartsounds.data.formats;
