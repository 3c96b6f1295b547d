package org.heartsounds.spark;

import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.data.prepare.RenderEngine;
import org.heartsounds.data.prepare.RenderEngineProvider;

/** {@code engine.name: spark} for {@code data prepare} (registered in META-INF/services). */
public final class SparkRenderEngineProvider implements RenderEngineProvider {
    @Override
    public EngineSpec.Name name() {
        return EngineSpec.Name.SPARK;
    }

    @Override
    public RenderEngine open(EngineSpec spec) {
        return new SparkRenderEngine(spec);
    }
}
