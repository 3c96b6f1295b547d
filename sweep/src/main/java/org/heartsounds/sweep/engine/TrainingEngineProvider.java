package org.heartsounds.sweep.engine;

import java.nio.file.Path;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * Service interface ({@code META-INF/services}) of an engine other than {@code local}: the spark module provides
 * {@code spark}. Found with {@link java.util.ServiceLoader} so that sweep and cv need no compile-time dependency on it.
 */
public interface TrainingEngineProvider {
    /** The {@code engine.name} this provider serves. */
    EngineSpec.Name name();

    /**
     * Opens an engine.
     *
     * @param spec     the recipe's engine section
     * @param jobRoot  the job's output folder (where the engine keeps its task ledger)
     * @param events   where the engine's lines go (retries, lost workers)
     */
    TrainingEngine open(EngineSpec spec, Path jobRoot, TrainingEvents events);
}
