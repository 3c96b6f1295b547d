package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed notebooks ship clean: nbformat 4 with the Python 3 kernel, no outputs and no execution counts, and a
 * first code cell (tagged "parameters") that takes the input folder from its environment variable. Needs no Jupyter.
 */
class NotebookFilesTest {
    private static final Map<String, String> VARIABLE = Map.of("run.ipynb", "HEARTSOUNDS_RUN",
            "cross_validation.ipynb", "HEARTSOUNDS_CV", "sweep.ipynb", "HEARTSOUNDS_SWEEP");

    @Test
    void theFolderHoldsTheThreeNotebooksAndTheirReadme() throws IOException {
        try (var files = Files.list(Notebooks.folder())) {
            List<String> notebooks = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb"))
                    .sorted().toList();
            assertEquals(Notebooks.NAMES.stream().sorted().toList(), notebooks);
        }
        String readme = Files.readString(Notebooks.folder().resolve("README.md"));
        for (String v : VARIABLE.values()) {
            assertTrue(readme.contains(v), "README.md explains " + v);
        }
        assertTrue(readme.contains("jupyter notebook notebooks/"), "README.md says how to open them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run.ipynb", "cross_validation.ipynb", "sweep.ipynb"})
    void committedNotebookHasClearedOutputs(String name) throws IOException {
        Path file = Notebooks.folder().resolve(name);
        JsonNode nb = Notebooks.read(file);
        assertEquals(4, nb.get("nbformat").asInt(), name);
        assertEquals("python3", nb.at("/metadata/kernelspec/name").asText(), name + " uses the python3 kernel");
        List<JsonNode> code = Notebooks.codeCells(nb);
        assertTrue(code.size() >= 5, name + " has " + code.size() + " code cells");
        for (int i = 0; i < code.size(); i++) {
            JsonNode cell = code.get(i);
            assertEquals(0, cell.get("outputs").size(), name + " code cell " + i + " has outputs");
            assertTrue(cell.get("execution_count").isNull(), name + " code cell " + i + " has an execution count");
        }
        JsonNode first = code.get(0);
        assertEquals("parameters", first.at("/metadata/tags/0").asText(), name + ": first code cell is tagged");
        String source = Notebooks.source(first);
        assertTrue(source.contains("os.environ.get(\"" + VARIABLE.get(name) + "\""),
                name + " reads " + VARIABLE.get(name) + " in its first code cell:\n" + source);
        assertTrue(source.contains("raise FileNotFoundError"), name + " stops with a message when the folder is missing");
    }
}
