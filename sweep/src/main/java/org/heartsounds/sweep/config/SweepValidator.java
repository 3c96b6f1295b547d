package org.heartsounds.sweep.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;

/**
 * Checks a sweep section against its base recipe before anything runs: at least one parameter; every key names a
 * value of the recipe (not a section, not the data source, not the split or the seed that decides it — candidates
 * are only comparable on one validation split —, not the run folder the sweep assigns); real-valued spaces
 * only over real-valued keys; and every value of a space (each choice, each end of a range) gives a valid recipe with
 * the other swept keys at their first values, or with one of them changed to another of its values. A value that is
 * only invalid in some combinations is not an error here: those candidates fail and are recorded as failed.
 */
final class SweepValidator {
    private final Recipe base;
    private final SweepSpec sweep;
    private final String source;
    private final JsonNode tree;

    SweepValidator(Recipe base, SweepSpec sweep, String source) {
        this.base = base;
        this.sweep = sweep;
        this.source = source;
        this.tree = ConfigLoader.yamlMapper().valueToTree(base);
    }

    void check() {
        if (sweep.parameters().isEmpty()) {
            throw bad("sweep.parameters is empty: name at least one recipe key and its space, e.g. "
                    + "train.learning_rate: {log_uniform: [1.0e-4, 3.0e-3]}");
        }
        if (sweep.generator() == SweepSpec.Generator.RANDOM && sweep.candidates() < 1) {
            throw bad("sweep.candidates must be at least 1 for a random search (only a grid search may leave it 0 "
                    + "to mean the whole grid)");
        }
        sweep.parameters().forEach(this::checkKey);
        if (sweep.generator() == SweepSpec.Generator.GRID) {
            long size;
            try {
                size = new SweepConfig(base, sweep).gridSize();
            } catch (ArithmeticException e) {
                size = Long.MAX_VALUE;
            }
            if (size > SweepSpec.MAX_CANDIDATES && sweep.candidates() == 0) {
                throw bad("the grid has " + (size == Long.MAX_VALUE ? "too many" : Long.toString(size))
                        + " points (more than " + SweepSpec.MAX_CANDIDATES + "): lower sweep.grid_points, list fewer "
                        + "choices or set sweep.candidates");
            }
        }
        sweep.parameters().forEach(this::checkValues);
    }

    private void checkKey(String key, SpaceSpec space) {
        String where = "sweep.parameters." + key;
        if (key.equals("data") || key.startsWith("data.")) {
            throw bad(where + ": the data source and the prepared folder stay fixed in a sweep (candidates' "
                    + "prepared data goes to <sweep.out>/data/)");
        }
        if (key.equals("seed") || key.equals("split") || key.startsWith("split.")) {
            throw bad(where + ": '" + key + "' decides the train / validation / test split; candidates must share "
                    + "one validation split for their scores to be comparable");
        }
        if (key.equals("train.out")) {
            throw bad(where + ": the sweep sets every candidate's run folder (<sweep.out>/candidates/<i>)");
        }
        JsonNode node = tree;
        for (String part : key.split("\\.", -1)) {
            node = part.isEmpty() || node == null ? null : node.get(part);
        }
        if (node == null) {
            throw bad(where + ": unknown recipe key '" + key + "' (dotted as in --set, e.g. train.learning_rate, "
                    + "spectrogram.n_mels)");
        }
        if (node.isContainerNode()) {
            throw bad(where + ": '" + key + "' is a section, not a value; name one of its keys, e.g. " + key + "."
                    + node.fieldNames().next());
        }
        boolean range = space.kind() == SpaceSpec.Kind.LOG_UNIFORM || space.kind() == SpaceSpec.Kind.UNIFORM;
        if (range && node.isIntegralNumber()) {
            throw bad(where + ": '" + key + "' takes whole numbers; use {int: [low, high]} or {choice: [...]}");
        }
        if (space.kind() != SpaceSpec.Kind.CHOICE && !node.isNumber()) {
            throw bad(where + ": '" + key + "' is not a number (now " + node + "); use {choice: [...]}");
        }
    }

    private void checkValues(String key, SpaceSpec space) {
        for (Object value : probes(space)) {
            Map<String, Object> point = firstValues();
            point.put(key, value);
            BadInputException first = attempt(point);
            if (first == null || validWithAnotherParameter(key, value)) {
                continue;
            }
            throw bad("sweep.parameters." + key + ": value " + ParameterValues.text(value) + " does not give a valid "
                    + "recipe: " + first.problem());
        }
    }

    /** Every swept key at its first value (a point the search can reach). */
    private Map<String, Object> firstValues() {
        Map<String, Object> point = new LinkedHashMap<>();
        sweep.parameters().forEach((k, s) -> point.put(k, s.values().get(0)));
        return point;
    }

    /** Whether {@code key = value} is valid with some value of one other swept key (the rest at their first). */
    private boolean validWithAnotherParameter(String key, Object value) {
        for (Map.Entry<String, SpaceSpec> other : sweep.parameters().entrySet()) {
            if (other.getKey().equals(key)) {
                continue;
            }
            for (Object u : probes(other.getValue())) {
                Map<String, Object> point = firstValues();
                point.put(key, value);
                point.put(other.getKey(), u);
                if (attempt(point) == null) {
                    return true;
                }
            }
        }
        return false;
    }

    private BadInputException attempt(Map<String, Object> values) {
        try {
            ParameterValues.apply(base, values);
            return null;
        } catch (BadInputException e) {
            return e;
        }
    }

    /** The values to try: every choice, both ends of a range. */
    private static List<Object> probes(SpaceSpec space) {
        return new ArrayList<>(space.values());
    }

    private BadInputException bad(String problem) {
        return new BadInputException(source, problem);
    }
}
