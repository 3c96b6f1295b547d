package org.heartsounds.sweep.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.SpectrogramSpec;
import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.sweep.config.SpaceSpec;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.config.SweepSpec;
import org.junit.jupiter.api.Test;

/** The recipe space under Arbiter's grid and random generators, and its JSON round trip. */
class RecipeParameterSpaceTest {
    private static Map<String, SpaceSpec> params(Object... keyAndSpace) {
        Map<String, SpaceSpec> m = new LinkedHashMap<>();
        for (int i = 0; i < keyAndSpace.length; i += 2) {
            m.put((String) keyAndSpace[i], (SpaceSpec) keyAndSpace[i + 1]);
        }
        return m;
    }

    private static List<CandidateRecipe> drain(CandidateGenerator g, int max) {
        List<CandidateRecipe> out = new ArrayList<>();
        while (g.hasMoreCandidates() && out.size() < max) {
            Candidate c = g.getCandidate();
            assertNull(c.getException());
            assertEquals(out.size(), c.getIndex());
            out.add((CandidateRecipe) c.getValue());
        }
        return out;
    }

    private static RandomSearchGenerator random(RecipeParameterSpace space, long seed) {
        RandomSearchGenerator g = new RandomSearchGenerator(space, null);
        g.setRngSeed(seed);
        return g;
    }

    @Test
    void gridEnumeratesEveryCombinationOnceInAFixedOrder() {
        Map<String, SpaceSpec> p = params("spectrogram.colormap", SpaceSpec.choice("viridis", "magma", "gray"),
                "train.epochs", SpaceSpec.integer(4, 8), "train.weight_decay", SpaceSpec.logUniform(1e-5, 1e-3));
        RecipeParameterSpace space = new RecipeParameterSpace(Recipe.defaults(), p);
        assertEquals(3, space.numParameters());
        GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(space, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        List<CandidateRecipe> all = drain(g, 1000);
        assertEquals(27, all.size(), "3 colormaps x 3 of the 5 epochs (grid_points 3) x 3 weight decays");
        assertEquals(27, g.getTotalNumCandidates());
        SweepConfig config = new SweepConfig(Recipe.defaults(), new SweepSpec("x", 0, SweepSpec.Generator.GRID, 3,
                1L, SweepSpec.Score.VAL_ACC, 0, p));
        assertEquals(27, config.gridSize());
        assertEquals(27, config.candidateCount());
        Set<Map<String, Object>> distinct = new HashSet<>();
        all.forEach(c -> distinct.add(c.parameters()));
        assertEquals(27, distinct.size());
        assertEquals(Set.of(1.0e-5, 1.0e-4, 1.0e-3), valuesOf(all, "train.weight_decay"),
                "log-spaced ends and middle, rounded to 6 significant digits");
        assertEquals(Set.of(4, 6, 8), valuesOf(all, "train.epochs"));
        assertEquals(Map.of("spectrogram.colormap", "viridis", "train.epochs", 4, "train.weight_decay", 1.0e-5),
                all.get(0).parameters());
        assertEquals("magma", all.get(1).parameters().get("spectrogram.colormap"), "the first key varies fastest");
        CandidateRecipe c = all.get(26);
        assertEquals(SpectrogramSpec.Colormap.GRAY, c.recipe().spectrogram().colormap());
        assertEquals(8, c.recipe().train().epochs());
        assertEquals(1.0e-3, c.recipe().train().weightDecay(), 0.0);
        assertEquals(List.of(c.parameters()), drain(new GridSearchCandidateGenerator(space, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null), 27).subList(26, 27).stream()
                .map(CandidateRecipe::parameters).toList(), "the same order every time");
    }

    private static Set<Object> valuesOf(List<CandidateRecipe> all, String key) {
        Set<Object> s = new HashSet<>();
        all.forEach(c -> s.add(c.parameters().get(key)));
        return s;
    }

    @Test
    void randomGeneratorIsDeterministicForASeed() {
        Map<String, SpaceSpec> p = params("train.learning_rate", SpaceSpec.logUniform(1e-4, 3e-3),
                "train.batch_size", SpaceSpec.choice(16, 32), "train.augment.time_shift", SpaceSpec.uniform(0, 0.2),
                "train.epochs", SpaceSpec.integer(4, 8));
        RecipeParameterSpace space = new RecipeParameterSpace(Recipe.defaults(), p);
        List<Map<String, Object>> a = drain(random(space, 11), 20).stream().map(CandidateRecipe::parameters).toList();
        List<Map<String, Object>> b = drain(random(space, 11), 20).stream().map(CandidateRecipe::parameters).toList();
        List<Map<String, Object>> other = drain(random(space, 12), 20).stream().map(CandidateRecipe::parameters)
                .toList();
        assertEquals(a, b, "same seed, same candidates");
        assertNotEquals(a, other, "another seed, other candidates");
        assertEquals(20, new HashSet<>(a).size());
        Set<Object> batches = new HashSet<>();
        Set<Object> epochs = new HashSet<>();
        for (Map<String, Object> m : a) {
            double shift = (Double) m.get("train.augment.time_shift");
            assertTrue(shift >= 0 && shift <= 0.2, "uniform in range: " + shift);
            batches.add(m.get("train.batch_size"));
            epochs.add(m.get("train.epochs"));
        }
        assertEquals(Set.of(16, 32), batches);
        assertTrue(epochs.size() >= 4 && epochs.stream().allMatch(e -> (int) e >= 4 && (int) e <= 8), epochs
                .toString());
    }

    @Test
    void logUniformSamplesAreInRangeAndSpreadEvenlyInLogSpace() {
        double lo = 1e-4;
        double hi = 3e-3;
        RecipeParameterSpace space = new RecipeParameterSpace(Recipe.defaults(),
                params("train.learning_rate", SpaceSpec.logUniform(lo, hi)));
        int n = 4000;
        double[] x = drain(random(space, 3), n).stream()
                .mapToDouble(c -> (Double) c.parameters().get("train.learning_rate")).sorted().toArray();
        assertTrue(x[0] >= lo && x[n - 1] <= hi, "in range: " + x[0] + " .. " + x[n - 1]);
        double median = (x[n / 2 - 1] + x[n / 2]) / 2;
        double geometricMean = Math.sqrt(lo * hi);
        // log-uniform: median = geometric mean (5.48e-4); uniform would put it at the arithmetic mean (1.55e-3)
        assertEquals(0, Math.log(median / geometricMean), 0.05 * Math.log(hi / lo),
                "median " + median + " vs geometric mean " + geometricMean);
        long belowArithmeticMean = Arrays.stream(x).filter(v -> v < (lo + hi) / 2).count();
        double expected = Math.log((lo + hi) / 2 / lo) / Math.log(hi / lo); // 0.806
        assertEquals(expected, belowArithmeticMean / (double) n, 0.03);
        for (int decade = 0; decade < 3; decade++) {
            double a = lo * Math.pow(hi / lo, decade / 3.0);
            double b = lo * Math.pow(hi / lo, (decade + 1) / 3.0);
            long in = Arrays.stream(x).filter(v -> v >= a && v < b).count();
            assertEquals(1.0 / 3, in / (double) n, 0.03, "each third of the log range holds a third of the samples");
        }
    }

    @Test
    void anInvalidCombinationIsACandidateWithAProblemNotAGeneratorError() {
        Map<String, SpaceSpec> p = params("train.epochs", SpaceSpec.choice(1, 3), "train.warmup_epochs",
                SpaceSpec.choice(0, 1));
        RecipeParameterSpace space = new RecipeParameterSpace(Recipe.defaults(), p);
        List<CandidateRecipe> all = drain(new GridSearchCandidateGenerator(space, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null), 10);
        assertEquals(4, all.size());
        List<CandidateRecipe> invalid = all.stream().filter(c -> !c.valid()).toList();
        assertEquals(1, invalid.size());
        assertEquals(Map.of("train.epochs", 1, "train.warmup_epochs", 1), invalid.get(0).parameters());
        assertTrue(invalid.get(0).problem().contains("train.warmup_epochs must be in [0, epochs), got 1"),
                invalid.get(0).problem());
        assertEquals(TrainSpec.defaults().learningRate(), all.get(0).recipe().train().learningRate(), 0.0);
    }

    @Test
    void arbiterJsonRoundTripKeepsTheSpace() {
        Map<String, SpaceSpec> p = params("train.learning_rate", SpaceSpec.logUniform(1e-4, 3e-3),
                "spectrogram.n_mels", SpaceSpec.choice(64, 128), "train.freeze", SpaceSpec.choice("none", "stem"),
                "train.epochs", SpaceSpec.integer(2, 5), "train.augment.time_shift", SpaceSpec.uniform(0, 0.1),
                "train.fast_path", SpaceSpec.choice(true, false));
        Recipe base = Recipe.defaults().withTrain(TrainSpec.defaults().withEpochs(3));
        RecipeParameterSpace space = new RecipeParameterSpace(base, p);
        OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space, null))
                .terminationConditions(new MaxCandidatesCondition(5)).rngSeed(5).build();
        String json = config.toJson();
        OptimizationConfiguration back = OptimizationConfiguration.fromJson(json);
        assertEquals(json, back.toJson());
        RecipeParameterSpace restored = (RecipeParameterSpace) back.getCandidateGenerator().getParameterSpace();
        assertEquals(space.keys(), restored.keys());
        assertEquals(base, restored.base());
        double[][] points = {{0, 0, 0, 0, 0, 0}, {0.99, 0.99, 0.99, 0.99, 0.99, 0.99}, {0.3, 0.6, 0.2, 0.5, 0.7, 0.9}};
        for (double[] x : points) {
            assertEquals(space.getValue(x), restored.getValue(x), Arrays.toString(x));
        }
        assertFalse(space.getValue(points[0]).parameters().equals(space.getValue(points[1]).parameters()));
    }
}
