package org.heartsounds.sweep.space;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;

/**
 * The value of a {@link RecipeParameterSpace} at one point: the parameter values drawn for each swept key (in YAML
 * order) and the recipe they give, or why they give none (a combination the recipe's checks reject, such as
 * {@code train.warmup_epochs} not below {@code train.epochs}). Such a candidate is recorded as failed with that reason
 * instead of being dropped by the candidate generator.
 *
 * <p>Serializable because Arbiter 1.0.0-beta7 keeps every candidate's value as Java-serialised bytes; the recipe
 * travels as its YAML text.
 *
 * @param parameters swept key to value (String, Integer, Long, Double or Boolean)
 * @param recipeYaml the resolved recipe as YAML, or null when {@code problem} is set
 * @param problem    why the values make no valid recipe, or null
 */
public record CandidateRecipe(Map<String, Object> parameters, String recipeYaml, String problem)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public CandidateRecipe {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if ((recipeYaml == null) == (problem == null)) {
            throw new IllegalArgumentException("a candidate has either a recipe or a problem");
        }
    }

    /** A candidate whose values give {@code recipe}. */
    public static CandidateRecipe of(Map<String, Object> parameters, Recipe recipe) {
        return new CandidateRecipe(parameters, ConfigLoader.toYaml(recipe), null);
    }

    /** A candidate whose values give no valid recipe. */
    public static CandidateRecipe invalid(Map<String, Object> parameters, String problem) {
        return new CandidateRecipe(parameters, null, problem);
    }

    public boolean valid() {
        return recipeYaml != null;
    }

    /** The resolved recipe; only for a {@link #valid()} candidate. */
    public Recipe recipe() {
        if (recipeYaml == null) {
            throw new IllegalStateException("candidate has no recipe: " + problem);
        }
        try {
            return ConfigLoader.yamlMapper().readValue(recipeYaml, Recipe.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a candidate's recipe back", e);
        }
    }
}
