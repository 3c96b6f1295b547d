package org.heartsounds.data.source;

import java.nio.file.Path;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.DataSpec;

/** Lists the recordings of a dataset with their labels (and, where the source has them, groups and splits). */
public interface RecordingSource {

    /**
     * Reads the source.
     *
     * @throws BadInputException naming the folder or file (and line) that is wrong
     */
    SourceListing list();

    /**
     * The source a {@link DataSpec} describes: {@code data.manifest} (a {@link CsvManifestSource}) or
     * {@code data.dir} (a {@link FolderPerClassSource}); relative paths are resolved against {@code baseDir}.
     */
    static RecordingSource of(DataSpec spec, Path baseDir) {
        if (spec.manifest() != null) {
            return new CsvManifestSource(baseDir.resolve(spec.manifest()), spec.classes());
        }
        if (spec.dir() != null) {
            return new FolderPerClassSource(baseDir.resolve(spec.dir()), spec.classes());
        }
        throw new BadInputException("data", "no source: give data.dir (one folder per class) or data.manifest (CSV)");
    }
}
