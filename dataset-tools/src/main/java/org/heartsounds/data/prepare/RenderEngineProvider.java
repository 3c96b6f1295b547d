package org.heartsounds.data.prepare;

import org.heartsounds.core.config.EngineSpec;

/** Service interface ({@code META-INF/services}) of a {@link RenderEngine} for an {@code engine.name} other than local. */
public interface RenderEngineProvider {
    EngineSpec.Name name();

    RenderEngine open(EngineSpec spec);
}
