package org.heartsounds.data.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The part of a dataset a recording belongs to; {@link #folderName()} is the lower-case folder/CSV spelling. */
public enum Split {
    TRAIN, VAL, TEST;

    /** {@code train}, {@code val} or {@code test}: the folder name in the prepared dataset and the manifest value. */
    @JsonValue
    public String folderName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code train}, {@code val} or {@code test} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other value
     */
    @JsonCreator
    public static Split parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Split s : values()) {
            if (s.folderName().equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + value + "' (expected train, val or test)");
    }
}
