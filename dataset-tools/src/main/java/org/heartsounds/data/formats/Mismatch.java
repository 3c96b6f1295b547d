package org.heartsounds.data.formats;

/** The kinds of entries a conversion could not turn into a manifest row (or kept only once). */
public enum Mismatch {
    /** A label-file row whose recording is not there. */
    ROW_WITHOUT_FILE("rows without a file"),
    /** A recording that no label-file row names. */
    FILE_WITHOUT_ROW("files without a row"),
    /** A row with no label (an empty label cell, or no label column set). */
    UNLABELLED("unlabelled rows"),
    /** A row whose label cell holds a value the format does not define. */
    UNKNOWN_LABEL("rows with an unknown label value"),
    /** A row naming a recording or id already listed (the first one is kept). */
    DUPLICATE("duplicate rows");

    private final String description;

    Mismatch(String description) {
        this.description = description;
    }

    /** Plural words for the report, e.g. {@code rows without a file}. */
    public String description() {
        return description;
    }
}
