package org.heartsounds.trainer.weights;

import java.util.Objects;
import org.heartsounds.data.fetch.PinnedFile;

/**
 * One pretrained weight file the project knows: a short name users type, what the file is, and the pinned download
 * (URL, exact size, SHA-256) it is accepted from.
 *
 * @param name        the name on the command line, e.g. {@code resnet18-imagenet}
 * @param description one line for {@code heartsounds weights list}
 * @param format      how the file is laid out, e.g. {@code torchvision state_dict}
 * @param classes     number of output classes of the network's head
 * @param file        the pinned file; its {@link PinnedFile#size()} is always known
 */
public record PretrainedWeights(String name, String description, String format, int classes, PinnedFile file) {
    public PretrainedWeights {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(file, "file");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("weights name must be lower-case letters, digits, '.', '_' or '-': '"
                    + name + "'");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes + " for " + name);
        }
        if (file.size() == null) {
            throw new IllegalArgumentException("weights file " + file.fileName() + " needs a pinned size");
        }
    }

    /** The pinned size in bytes. */
    public long size() {
        return file.size();
    }

    /** The pinned lower-case hex SHA-256. */
    public String sha256() {
        return file.sha256();
    }
}
