package org.heartsounds.data.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The class names of a dataset in their one canonical order: sorted by {@link String#compareTo} (so {@code AS < MR
 * < MS < MVP < N}). Index {@code i} here is row {@code i} of {@code labels.txt}, the DataVec label index and output
 * {@code i} of every model; nothing else in the project may define class order.
 */
public final class ClassIndex {
    private static final int MAX_NAME_LENGTH = 100;
    private final List<String> names;
    private final Map<String, Integer> index;

    private ClassIndex(List<String> sortedNames) {
        this.names = List.copyOf(sortedNames);
        this.index = IntStream.range(0, names.size()).boxed()
                .collect(Collectors.toUnmodifiableMap(names::get, Function.identity()));
    }

    /**
     * The sorted distinct names.
     *
     * @throws IllegalArgumentException when a name is unusable as a class (and folder) name, or there are none
     */
    @JsonCreator
    public static ClassIndex of(Collection<String> names) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String n : names) {
            validate(n);
            sorted.add(n);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no classes");
        }
        return new ClassIndex(List.copyOf(sorted));
    }

    /** The classes that occur among the recordings' labels. */
    public static ClassIndex fromRecordings(Collection<Recording> recordings) {
        return of(recordings.stream().flatMap(r -> r.labels().stream()).collect(Collectors.toSet()));
    }

    /**
     * Checks that a class name can be a folder name and a {@code labels.txt} line: not blank, no surrounding
     * blanks, no path separators, no {@code ;} (the manifest's label separator), no control characters, not
     * {@code .} or {@code ..}, at most 100 characters.
     */
    public static void validate(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("empty class name");
        }
        String why = null;
        if (!name.equals(name.strip())) {
            why = "has leading or trailing blanks";
        } else if (name.length() > MAX_NAME_LENGTH) {
            why = "is longer than " + MAX_NAME_LENGTH + " characters";
        } else if (name.equals(".") || name.equals("..")) {
            why = "is not a usable folder name";
        } else if (name.chars().anyMatch(c -> c == '/' || c == '\\' || c == ';' || Character.isISOControl(c))) {
            why = "contains '/', '\\', ';' or a control character";
        }
        if (why != null) {
            throw new IllegalArgumentException("class name '" + name + "' " + why);
        }
    }

    @JsonValue
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /** The index of {@code name}, or -1 when it is not a class. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** The index of {@code name}; {@link IllegalArgumentException} naming the known classes when absent. */
    public int require(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown class '" + name + "' (classes: " + names + ")");
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassIndex c && c.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
