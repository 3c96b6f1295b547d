package org.heartsounds.sweep.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.heartsounds.sweep.arbiter.PreparedDataProvider;
import org.heartsounds.sweep.space.CandidateRecipe;
import org.heartsounds.sweep.space.RecipeParameterSpace;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

/** configs/yaseen2018-sweep.yaml is valid and draws what its comments say. */
class ShippedSweepConfigTest {
    @Test
    void yaseenSweepHasTwelveCandidatesAndExactlyOneThatFailsOnPurpose() {
        Path file = ModelFixtures.repoRoot().resolve("configs/yaseen2018-sweep.yaml");
        SweepConfig c = SweepConfig.load(file, Map.of());
        assertEquals(12, c.candidateCount());
        assertEquals(64, c.base().spectrogram().width());
        assertTrue(c.base().data().dir().endsWith("yaseen2018"), c.base().data().dir());
        RandomSearchGenerator g = new RandomSearchGenerator(new RecipeParameterSpace(c.base(),
                c.sweep().parameters()), null);
        g.setRngSeed(c.sweep().seed());
        List<Integer> diverging = new ArrayList<>();
        Set<String> preparations = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            CandidateRecipe r = (CandidateRecipe) g.getCandidate().getValue();
            assertTrue(r.valid(), r.problem());
            if (r.recipe().train().learningRate() == 9.0) {
                diverging.add(i);
            }
            preparations.add(PreparedDataProvider.preparationHash(r.recipe()));
            assertTrue(r.recipe().train().epochs() >= 1 && r.recipe().train().epochs() <= 2);
        }
        assertEquals(List.of(2), diverging, "only candidate 2 draws learning rate 9.0");
        assertEquals(4, preparations.size(), "n_mels x colormap");
    }
}
