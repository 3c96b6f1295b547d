package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper for the Jupyter notebooks under {@code notebooks/}: finds them, finds Debian's {@code jupyter} with
 * nbconvert, executes a notebook top to bottom with {@code jupyter nbconvert --to notebook --execute} and reads the
 * result. When jupyter is missing the calling test is skipped, except under {@code CI=true}, where it fails: CI
 * installs the tools, so a skip there would hide a broken set-up.
 */
final class Notebooks {
    static final List<String> NAMES = List.of("run.ipynb", "cross_validation.ipynb", "sweep.ipynb");
    /** Longest a notebook may run (kernel start-up and matplotlib on a busy two-core machine included). */
    static final long TIMEOUT_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEBIAN_JUPYTER = Path.of("/usr/bin/jupyter");

    private Notebooks() {
    }

    /** The repository's notebooks folder: the first {@code notebooks/} next to a {@code pom.xml} above the cwd. */
    static Path folder() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("notebooks")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("notebooks");
            }
        }
        throw new AssertionError("no notebooks/ folder above " + Path.of("").toAbsolutePath());
    }

    static JsonNode read(Path notebook) throws IOException {
        return JSON.readTree(notebook.toFile());
    }

    /** The code cells of a notebook. */
    static List<JsonNode> codeCells(JsonNode notebook) {
        List<JsonNode> cells = new ArrayList<>();
        notebook.get("cells").forEach(c -> {
            if ("code".equals(c.get("cell_type").asText())) {
                cells.add(c);
            }
        });
        return cells;
    }

    /** A cell's source as one string (nbformat stores it as a string or as a list of lines). */
    static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        if (s.isTextual()) {
            return s.asText();
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }

    /**
     * Debian's {@code /usr/bin/jupyter} when it is there, else the first {@code jupyter} on PATH; it must have
     * nbconvert. Debian's comes first because its kernel is {@code /usr/bin/python3} with Debian's matplotlib and
     * pandas, while a {@code jupyter} from pyenv or a virtualenv earlier on PATH runs that Python instead. Skips
     * (or fails under CI=true) when there is none.
     */
    static Path jupyter() throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>(List.of(DEBIAN_JUPYTER));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir.isEmpty() ? "." : dir, "jupyter"));
        }
        Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        String problem = null;
        if (found == null) {
            problem = "no " + DEBIAN_JUPYTER + " and no jupyter on PATH";
        } else {
            Process p = new ProcessBuilder(found.toString(), "nbconvert", "--version").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problem = found + " nbconvert --version did not answer within 60 s";
            } else if (p.exitValue() != 0) {
                problem = found + " has no nbconvert: " + out;
            }
        }
        if (problem != null) {
            String message = problem + " (Debian: apt-get install jupyter-nbconvert python3-nbconvert "
                    + "python3-ipykernel python3-matplotlib python3-pandas)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but the notebooks cannot be executed: " + message);
            }
            Assumptions.abort(message);
        }
        return found;
    }

    /** What {@link #execute} left: nbconvert's exit code and console text, and the executed notebook (or null). */
    record Execution(int exitCode, String log, JsonNode notebook) {
        /** Every output of every code cell. */
        List<JsonNode> outputs() {
            List<JsonNode> all = new ArrayList<>();
            codeCells(notebook).forEach(c -> c.get("outputs").forEach(all::add));
            return all;
        }

        /** All text a reader sees: stream text and the text/plain form of results and displays. */
        String text() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode o : outputs()) {
                appendText(sb, o.get("text"));
                JsonNode data = o.get("data");
                if (data != null) {
                    appendText(sb, data.get("text/plain"));
                }
            }
            return sb.toString();
        }

        /** Number of PNG figures shown. */
        long images() {
            return outputs().stream().filter(o -> o.has("data") && o.get("data").has("image/png")).count();
        }

        /** The error outputs (an exception in a cell), as "ename: evalue". */
        List<String> errors() {
            return outputs().stream().filter(o -> "error".equals(o.get("output_type").asText()))
                    .map(o -> o.get("ename").asText() + ": " + o.get("evalue").asText()).toList();
        }

        private static void appendText(StringBuilder sb, JsonNode text) {
            if (text == null) {
                return;
            }
            if (text.isArray()) {
                text.forEach(t -> sb.append(t.asText()));
            } else {
                sb.append(text.asText());
            }
            sb.append('\n');
        }
    }

    /**
     * Runs {@code jupyter nbconvert --to notebook --execute} on {@code notebooks/NAME} with the Python 3 kernel and
     * the extra environment {@code env}; the executed copy goes to {@code outDir}.
     */
    static Execution execute(Path jupyter, String name, Path outDir, Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        Path log = outDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=python3",
                "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
                "--output-dir", outDir.toString(), "--output", name, folder().resolve(name).toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MPLBACKEND", "module://matplotlib_inline.backend_inline");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(name + " did not finish within " + (TIMEOUT_SECONDS + 60) + " s:\n" + Files.readString(log));
        }
        Path executed = outDir.resolve(name);
        return new Execution(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                Files.isRegularFile(executed) ? read(executed) : null);
    }
}
