package org.heartsounds.data.quality;

/** Why a recording is not a usable heart sound (see {@code core.config.QualitySpec}). */
public enum QualityFlag {
    SHORT("short"),
    CONSTANT("constant"),
    SILENT("silent"),
    CLIPPED("clipped"),
    NOT_HEART_BAND("not_heart_band");

    private final String key;

    QualityFlag(String key) {
        this.key = key;
    }

    /** The flag as written in manifests and reports. */
    public String key() {
        return key;
    }
}
