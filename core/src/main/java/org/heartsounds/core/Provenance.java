package org.heartsounds.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where an artifact came from: the code (git commit), the libraries, the machine's Java, the seed, and the
 * SHA-256 of the data and of the resolved configuration. Written into every run folder and into exported models.
 */
public record Provenance(String heartsoundsVersion, String gitCommit, boolean gitDirty, String javaVersion,
                         String dl4jVersion, String os, @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt,
                         long seed, String configSha256,
                         String dataSha256, Map<String, String> extra) {

    public Provenance {
        // insertion order, so that the same facts always give the same JSON bytes
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** Extra facts that are paths on the machine that made the artifact (where, not what). */
    public static final Set<String> LOCAL_EXTRAS = Set.of("dataset");

    /**
     * The provenance an artifact (a model zip, an exported model) carries: everything but the facts of one run on one
     * machine (when: {@code createdAt}; where: the {@link #LOCAL_EXTRAS} paths), which stay in the run folder's
     * provenance.json. Two identical runs then write byte-identical artifacts.
     */
    public Provenance forArtifact() {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.keySet().removeAll(LOCAL_EXTRAS);
        return new Provenance(heartsoundsVersion, gitCommit, gitDirty, javaVersion, dl4jVersion, os, null, seed,
                configSha256, dataSha256, m);
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
