package org.heartsounds.sweep.engine;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.heartsounds.core.BadInputException;
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
        for (TrainingEngineProvider p : ServiceLoader.load(TrainingEngineProvider.class)) {
            if (p.name() == spec.name()) {
                return p.open(spec, jobRoot, events);
            }
        }
        throw new BadInputException("engine.name", "the " + spec.name().key() + " engine is not on the class path "
                + "(it comes with the heartsounds-" + spec.name().key() + " module)");
    }
}
