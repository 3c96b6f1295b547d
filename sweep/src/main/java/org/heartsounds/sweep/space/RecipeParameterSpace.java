package org.heartsounds.sweep.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.sweep.config.ParameterValues;
import org.heartsounds.sweep.config.SpaceSpec;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Arbiter parameter space whose value is a candidate's recipe: one Arbiter leaf per swept key
 * ({@link ContinuousParameterSpace} over a {@link LogUniformDistribution} or uniformly, {@link IntegerParameterSpace},
 * {@link DiscreteParameterSpace}), composed over a base recipe. {@link #getValue} reads each leaf at its indices of the
 * candidate generator's vector and applies the values to the base with the recipe's own binding and checks.
 *
 * <p>Written by hand because Arbiter's DL4J spaces (ComputationGraphSpace) describe layer stacks, while our network
 * is a fixed ResNet-18 built through TransferLearning and candidates also vary the spectrogram. Two Arbiter 1.0.0-beta7
 * traps are avoided: {@code true/false} choices use a DiscreteParameterSpace, not BooleanSpace (the grid generator
 * would give BooleanSpace {@code grid_points} values, repeating candidates), and a recipe the values do not make is
 * returned as a {@link CandidateRecipe} with a problem instead of an exception (the runner neither counts candidates
 * that fail in the generator towards {@code MaxCandidatesCondition} nor reports them to a task).
 *
 * <p>Fields are plain so that Arbiter's JSON form of an optimisation configuration round-trips: the base recipe is
 * kept as its YAML text.
 */
public final class RecipeParameterSpace implements ParameterSpace<CandidateRecipe> {
    /** Significant digits kept of a real-valued parameter. */
    public static final int SIGNIFICANT_DIGITS = 6;

    private String baseRecipeYaml;
    private LinkedHashMap<String, ParameterSpace<?>> spaces;
    @JsonIgnore
    private transient Recipe base;

    /** For Arbiter's JSON deserialisation. */
    private RecipeParameterSpace() {
    }

    /**
     * @param base       the recipe every candidate starts from
     * @param parameters swept key (dotted) to its space, in order
     */
    public RecipeParameterSpace(Recipe base, Map<String, SpaceSpec> parameters) {
        this.base = base;
        this.baseRecipeYaml = ConfigLoader.toYaml(base);
        this.spaces = new LinkedHashMap<>();
        parameters.forEach((key, spec) -> spaces.put(key, leaf(spec)));
    }

    /** The Arbiter leaf space of one {@link SpaceSpec}. */
    public static ParameterSpace<?> leaf(SpaceSpec spec) {
        return switch (spec.kind()) {
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(spec.low(), spec.high()));
            case UNIFORM -> new ContinuousParameterSpace(spec.low(), spec.high());
            case INT -> new IntegerParameterSpace((int) spec.low(), (int) spec.high());
            case CHOICE -> new DiscreteParameterSpace<>(spec.values());
        };
    }

    /** The swept keys, in order. */
    @JsonIgnore
    public List<String> keys() {
        return List.copyOf(spaces.keySet());
    }

    /**
     * The parameter values at {@code point} (the generator's vector in [0, 1]), key by key. Real values are rounded
     * to {@value #SIGNIFICANT_DIGITS} significant digits, so that a grid's ends read 1.0E-5 rather than
     * 9.999999999999997E-6 (Arbiter's inverse CDF) and recipes, sweep.csv and the report show the value that was used.
     */
    public Map<String, Object> values(double[] point) {
        Map<String, Object> values = new LinkedHashMap<>();
        spaces.forEach((key, space) -> {
            Object v = space.getValue(point);
            values.put(key, v instanceof Double d ? round(d) : v);
        });
        return values;
    }

    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(SIGNIFICANT_DIGITS)).doubleValue();
    }

    @Override
    public CandidateRecipe getValue(double[] point) {
        Map<String, Object> values = values(point);
        try {
            return CandidateRecipe.of(values, ParameterValues.apply(base(), values));
        } catch (BadInputException e) {
            return CandidateRecipe.invalid(values, e.problem());
        }
    }

    /** The base recipe (read back from its YAML after Arbiter's JSON deserialisation). */
    public Recipe base() {
        if (base == null) {
            try {
                base = ConfigLoader.yamlMapper().readValue(baseRecipeYaml, Recipe.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the base recipe of a parameter space", e);
            }
        }
        return base;
    }

    @Override
    public int numParameters() {
        return spaces.values().stream().mapToInt(ParameterSpace::numParameters).sum();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> s : spaces.values()) {
            leaves.addAll(s.collectLeaves());
        }
        return leaves;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(spaces);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("a recipe space is not a leaf: the generator indexes its leaves");
    }

    @Override
    public String toString() {
        return "RecipeParameterSpace" + spaces;
    }
}
