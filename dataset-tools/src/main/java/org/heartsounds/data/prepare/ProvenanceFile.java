package org.heartsounds.data.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.heartsounds.core.Provenance;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;

/** Writes {@code provenance.json}: the code, libraries, seed, recipe hash and data hash behind an artifact. */
public final class ProvenanceFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProvenanceFile() {
    }

    public static Provenance write(Path file, Recipe recipe, String dataSha256) throws IOException {
        Provenance p = Provenance.capture(recipe.seed(), Sha256.of(ConfigLoader.toYaml(recipe)), dataSha256);
        AtomicFiles.writeString(file, JSON.writeValueAsString(p) + "\n");
        return p;
    }

    public static Provenance read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Provenance.class);
    }
}
