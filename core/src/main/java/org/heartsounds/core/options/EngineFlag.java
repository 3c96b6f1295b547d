package org.heartsounds.core.options;

import java.util.Map;
import org.heartsounds.core.config.EngineSpec;
import picocli.CommandLine.Option;

/**
 * {@code --engine local|spark} of the commands whose work splits into independent tasks ({@code sweep}, {@code cv},
 * {@code data prepare}): the recipe key {@code engine.name}; the rest of the {@code engine:} section (Spark master,
 * threads per task, shared folder) comes from {@code --config} / {@code --set}.
 */
public class EngineFlag {
    @Option(names = "--engine", paramLabel = "local|spark", converter = NameConverter.class,
            description = "Where the tasks run (engine.name): local (this JVM, default) or spark "
                    + "(engine.spark.master; none: an embedded local[N] session).")
    EngineSpec.Name engine;

    /** Adds {@code engine.name} to {@code flags} when the flag was given. */
    public void addTo(Map<String, String> flags) {
        if (engine != null) {
            flags.put("engine.name", engine.key());
        }
    }

    /** picocli converter: the YAML spelling. */
    static final class NameConverter implements picocli.CommandLine.ITypeConverter<EngineSpec.Name> {
        @Override
        public EngineSpec.Name convert(String value) {
            for (EngineSpec.Name n : EngineSpec.Name.values()) {
                if (n.key().equals(value)) {
                    return n;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("must be local or spark, got '" + value + "'");
        }
    }
}
