package org.heartsounds.cli;

import org.heartsounds.core.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: heartsounds' version and commit, and the DL4J and Java it runs on. */
public class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Provenance p = Provenance.capture(0, "", "");
        return new String[] {"heartsounds " + p.heartsoundsVersion() + " (" + p.gitCommit() + ")",
            "DL4J/ND4J " + p.dl4jVersion() + ", " + p.javaVersion() + ", " + p.os()};
    }
}
