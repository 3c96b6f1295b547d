package org.heartsounds.data.fetch;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * A fetchable dataset: its downloads and the exact set of files (relative path to SHA-256) the finished dataset
 * folder must contain.
 *
 * @param name          short name used on the command line and as the folder name in the cache
 * @param description   one line for {@code --list}
 * @param citation      what users of the data are asked to cite
 * @param artifacts     the downloads
 * @param expectedFiles every file of the finished dataset, relative {@code /}-separated path to SHA-256
 */
public record DatasetDefinition(String name, String description, String citation, List<DatasetArtifact> artifacts,
                                SortedMap<String, String> expectedFiles) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public DatasetDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad dataset name '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(citation, "citation");
        artifacts = List.copyOf(artifacts);
        if (artifacts.isEmpty() || expectedFiles.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " needs artifacts and expected files");
        }
        Set<String> fileNames = new HashSet<>();
        for (DatasetArtifact artifact : artifacts) {
            if (!fileNames.add(artifact.file().fileName())) {
                throw new IllegalArgumentException("dataset " + name + " lists " + artifact.file().fileName() + " twice");
            }
        }
    }

    /** Sum of the pinned download sizes, or {@code -1} if any is unknown. */
    public long downloadBytes() {
        long total = 0;
        for (DatasetArtifact artifact : artifacts) {
            if (artifact.file().size() == null) {
                return -1;
            }
            total += artifact.file().size();
        }
        return total;
    }
}
