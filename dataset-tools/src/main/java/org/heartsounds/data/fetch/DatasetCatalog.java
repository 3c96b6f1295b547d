package org.heartsounds.data.fetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.heartsounds.core.BadInputException;

/** The datasets {@code heartsounds data fetch} knows, by name. */
public final class DatasetCatalog {
    private final Map<String, DatasetDefinition> byName = new LinkedHashMap<>();

    public DatasetCatalog(List<DatasetDefinition> definitions) {
        for (DatasetDefinition definition : definitions) {
            if (byName.put(definition.name(), definition) != null) {
                throw new IllegalArgumentException("dataset " + definition.name() + " defined twice");
            }
        }
    }

    /** The built-in catalog: {@code yaseen2018}. */
    public static DatasetCatalog builtIn() {
        return new DatasetCatalog(List.of(Yaseen2018.definition()));
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    public List<DatasetDefinition> definitions() {
        return List.copyOf(byName.values());
    }

    public Optional<DatasetDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The named dataset, or a {@link BadInputException} listing the known names. */
    public DatasetDefinition require(String name) {
        return find(name).orElseThrow(() -> new BadInputException(name,
                "unknown dataset; known datasets: " + String.join(", ", byName.keySet())));
    }
}
