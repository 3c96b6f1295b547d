package org.heartsounds.trainer.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.heartsounds.core.BadInputException;

/**
 * The folder of verified pretrained weight files: {@code <cache root>/weights/<file name>}, where the cache root
 * is {@code $HEARTSOUNDS_CACHE} when set, else {@code ~/.cache/heartsounds} (the folder {@code heartsounds data
 * fetch} uses), or whatever {@code --cache DIR} names.
 *
 * <p>{@link #resolve(String)} is how training code gets a checkpoint: it returns a file only after checking its size
 * and SHA-256 against the catalog; a missing file is an error that spells out the fetch command, and a present file
 * that does not match is an error naming both hashes, never used.
 */
public final class WeightsCache {
    /** Environment variable naming the cache root. */
    public static final String ENV = "HEARTSOUNDS_CACHE";
    /** Subfolder of the cache root that holds weight files. */
    public static final String SUBFOLDER = "weights";

    private final Path root;
    private final WeightsCatalog catalog;

    /**
     * @param root    the heartsounds cache root (weights go to {@code root/weights})
     * @param catalog the known weights
     */
    public WeightsCache(Path root, WeightsCatalog catalog) {
        this.root = root.toAbsolutePath().normalize();
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The built-in catalog in the default cache root. */
    public static WeightsCache atDefaultLocation() {
        return new WeightsCache(defaultRoot(), WeightsCatalog.builtIn());
    }

    /** {@code $HEARTSOUNDS_CACHE} if set and not blank, else {@code ~/.cache/heartsounds}. */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv(), System.getProperty("user.home"));
    }

    /** {@link #defaultRoot()} for a given environment and home folder. */
    public static Path defaultRoot(Map<String, String> env, String userHome) {
        String fromEnv = env.get(ENV);
        Path root = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                : Path.of(userHome, ".cache", "heartsounds");
        return root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The folder holding the weight files. */
    public Path dir() {
        return root.resolve(SUBFOLDER);
    }

    public WeightsCatalog catalog() {
        return catalog;
    }

    /** Where {@code weights} lives in this cache, whether or not it is there. */
    public Path pathOf(PretrainedWeights weights) {
        return dir().resolve(weights.file().fileName());
    }

    /** True when the file is present and matches its pinned size and SHA-256. */
    public boolean isCached(PretrainedWeights weights) throws IOException {
        Path file = pathOf(weights);
        return Files.isRegularFile(file) && WeightsCheck.problem(file, weights) == null;
    }

    /**
     * The verified cached file of the named weights.
     *
     * @throws BadInputException the name is unknown, the file is missing (the message gives the command that fetches
     *                           it), or the file does not match its pin (the message names both hashes)
     */
    public Path resolve(String name) {
        PretrainedWeights weights = catalog.require(name);
        Path file = pathOf(weights);
        if (!Files.exists(file)) {
            throw new BadInputException(file, "pretrained weights " + name + " are not in the cache; run `"
                    + fetchCommand(name) + "`. Machines that cannot reach " + weights.file().url().getHost()
                    + " (offline nodes) can install a copy of " + weights.file().url() + " downloaded elsewhere with `"
                    + fetchCommand(name) + " --from FILE`");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not a regular file; delete it and run `" + fetchCommand(name) + "`");
        }
        String problem;
        try {
            problem = WeightsCheck.problem(file, weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (problem != null) {
            throw new BadInputException(file, problem + "; delete it and run `" + fetchCommand(name) + "`");
        }
        return file;
    }

    /** The command line that fetches {@code name} into this cache ({@code --cache} only when not the default). */
    public String fetchCommand(String name) {
        String command = "heartsounds weights fetch " + name;
        return root.equals(defaultRoot()) ? command : command + " --cache " + root;
    }
}
