package org.heartsounds.spark;

import java.nio.file.Path;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.sweep.engine.TrainingEngine;
import org.heartsounds.sweep.engine.TrainingEngineProvider;
import org.heartsounds.trainer.train.TrainingEvents;

/** {@code engine.name: spark} for sweeps and cross-validation (registered in META-INF/services). */
public final class SparkTrainingEngineProvider implements TrainingEngineProvider {
    @Override
    public EngineSpec.Name name() {
        return EngineSpec.Name.SPARK;
    }

    @Override
    public TrainingEngine open(EngineSpec spec, Path jobRoot, TrainingEvents events) {
        return new SparkTrainingEngine(spec, jobRoot, events);
    }
}
