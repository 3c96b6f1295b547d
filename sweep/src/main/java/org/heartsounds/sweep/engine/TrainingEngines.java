package org.heartsounds.sweep.engine;

import java.nio.file.Path;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.trainer.train.TrainingEvents;

/** Opens the engine a recipe names: {@code local} here, others through their {@link TrainingEngineProvider}. */
public final class TrainingEngines {
    private TrainingEngines() {
    }

    public static TrainingEngine open(EngineSpec spec, Path jobRoot, TrainingEvents events) {
        if (spec.local()) {
            return new LocalTrainingEngine();
        }
        return spec.name().provider(TrainingEngineProvider.class, TrainingEngineProvider::name)
                .open(spec, jobRoot, events);
    }
}
