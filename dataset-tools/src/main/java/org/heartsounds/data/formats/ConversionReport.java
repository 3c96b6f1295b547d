package org.heartsounds.data.formats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a conversion could not match, by {@link Mismatch} kind: how many entries and the first few as examples,
 * plus notes that explain a pattern (e.g. that the unlabelled rows are a challenge's test set).
 */
public final class ConversionReport {
    /** Examples kept per kind. */
    public static final int EXAMPLES = 5;

    private final Map<Mismatch, Integer> counts = new EnumMap<>(Mismatch.class);
    private final Map<Mismatch, List<String>> examples = new EnumMap<>(Mismatch.class);
    private final List<String> notes = new ArrayList<>();

    /** Counts one entry of {@code kind}; {@code example} says which (file name, line) and why. */
    public void add(Mismatch kind, String example) {
        counts.merge(kind, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < EXAMPLES) {
            list.add(example);
        }
    }

    /** Adds a sentence explaining what was found. */
    public void note(String note) {
        notes.add(note);
    }

    public int count(Mismatch kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** The first {@link #EXAMPLES} entries of {@code kind}, in the order found. */
    public List<String> examples(Mismatch kind) {
        return Collections.unmodifiableList(examples.getOrDefault(kind, List.of()));
    }

    /** Entries of every kind together. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }
}
