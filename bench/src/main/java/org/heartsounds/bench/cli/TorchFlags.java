package org.heartsounds.bench.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.heartsounds.bench.torch.TorchReference;
import picocli.CommandLine.Option;

/**
 * The options of the bench commands that run a PyTorch script next to DL4J ({@code bench train}, {@code bench
 * profile}): which Python, whether at all, which script; and finding the script and checking that torch is there.
 */
public class TorchFlags {
    @Option(names = "--torch", paramLabel = "PYTHON", description = "Python with torch and torchvision "
            + "(default: ${DEFAULT-VALUE}).")
    Path python = Path.of("/usr/bin/python3");

    @Option(names = "--no-torch", description = "Skip the PyTorch side.")
    boolean noTorch;

    @Option(names = "--torch-script", paramLabel = "FILE", description = "The PyTorch script (default: the one "
            + "under bench/scripts/ named above, found from the working directory or the program's folder).")
    Path torchScript;

    /** A PyTorch runner, or (with a null runner) why there is none. */
    record Side<R>(R reference, String description) {
    }

    /**
     * The runner for {@code defaultScript} (a path relative to the repository), or why there is none: skipped, the
     * script not found, or Python without torch.
     *
     * @param open  makes the runner from the Python and the script
     * @param check the runner's torch check
     */
    <R> Side<R> side(String defaultScript, BiFunction<Path, Path, R> open,
                     Function<R, TorchReference.Availability> check) {
        if (noTorch) {
            return new Side<>(null, "not measured (--no-torch)");
        }
        Optional<Path> script = torchScript != null ? Optional.of(torchScript)
                : TorchReference.locate(defaultScript, Path.of(""), programFolder());
        if (script.isEmpty()) {
            return new Side<>(null, "not measured: " + defaultScript
                    + " not found (run from the repository or pass --torch-script)");
        }
        R reference = open.apply(python, script.get());
        TorchReference.Availability a = check.apply(reference);
        if (!a.available()) {
            return new Side<>(null, "not measured: " + a.reason());
        }
        return new Side<>(reference, "torch " + a.torchVersion() + ", torchvision " + a.torchvisionVersion());
    }

    private static Path programFolder() {
        try {
            return Path.of(TorchFlags.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
