package org.heartsounds.trainer.backend;

/** Placeholder replaced by the bench branch's implementation. */
public final class OneDnnHelpers {
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnnHelpers() {
    }

    public static void enable(boolean on) {
        System.setProperty(PROPERTY, Boolean.toString(!on));
    }

    public static String describe() {
        return "nd4j " + org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend")
                + ", oneDNN helpers " + (Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) ? "off" : "on");
    }
}
