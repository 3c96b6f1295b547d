package org.heartsounds.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where an artifact came from: the code (git commit), the libraries, the machine's Java, the seed, and the
 * SHA-256 of the data and of the resolved configuration. Written into every run folder and into exported models.
 */
public record Provenance(String heartsoundsVersion, String gitCommit, boolean gitDirty, String javaVersion,
                         String dl4jVersion, String os, String createdAt, long seed, String configSha256,
                         String dataSha256, Map<String, String> extra) {

    public Provenance {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Captures the code, library and machine facts of the running program. */
    public static Provenance capture(long seed, String configSha256, String dataSha256) {
        Properties git = resource("/org/heartsounds/core/git.properties");
        return new Provenance(
                git.getProperty("git.build.version", "unknown"),
                git.getProperty("git.commit.id", "unknown"),
                Boolean.parseBoolean(git.getProperty("git.dirty", "false")),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                libraryVersion("org.nd4j", "nd4j-api"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                seed, configSha256, dataSha256, new LinkedHashMap<>());
    }

    public Provenance withExtra(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(key, value);
        return new Provenance(heartsoundsVersion, gitCommit, gitDirty, javaVersion, dl4jVersion, os, createdAt, seed,
                configSha256, dataSha256, m);
    }

    /** The version of a library on the class path, from its Maven metadata; "unknown" when absent. */
    public static String libraryVersion(String groupId, String artifactId) {
        Properties p = resource("/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties");
        return p.getProperty("version", "unknown");
    }

    private static Properties resource(String name) {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(name)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // absent metadata is reported as "unknown"
        }
        return p;
    }
}
