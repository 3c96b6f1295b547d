package org.heartsounds.data.formats;

import java.nio.file.Path;

/**
 * A published dataset layout that can be turned into manifest rows. Implementations report every row or file they
 * cannot match in the {@link Conversion}'s {@link ConversionReport} and go on; only a label file that cannot be read
 * as the format at all (missing columns, not UTF-8, binary) is a {@link org.heartsounds.core.BadInputException}.
 */
public interface ManifestFormat {
    /** The name used by {@code data manifest --format}. */
    String name();

    /**
     * @param from the dataset folder, or the label file for formats that read one file
     */
    Conversion convert(Path from);
}
