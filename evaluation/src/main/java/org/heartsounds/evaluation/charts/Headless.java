package org.heartsounds.evaluation.charts;

/** Makes AWT run without a display before any chart code touches it. */
final class Headless {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Headless() {
    }

    /** Loads this class, which sets {@code java.awt.headless=true} unless the property was given. */
    static void ensure() {
        // the static initialiser does the work
    }
}
