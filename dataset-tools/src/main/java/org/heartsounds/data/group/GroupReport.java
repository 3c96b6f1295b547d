package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.heartsounds.core.text.TextTable;
import org.heartsounds.data.overlap.Overlap;
import org.heartsounds.data.overlap.OverlapDetector;

/**
 * How recordings were grouped ({@link GroupAssigner}): group counts and sizes, and for every group of more than one
 * recording its members and the evidence that joined them (shared audio found by {@link OverlapDetector}, or a
 * given group / patient id). Groups whose members carry different labels are listed: the same audio under two
 * diagnoses is a labelling problem to look at, not something to split around. Serialisable with Jackson.
 *
 * @param recordings       recordings grouped
 * @param groups           number of groups
 * @param sizeHistogram    group size to number of groups of that size
 * @param largestGroup     size of the largest group
 * @param multiFileGroups  the groups with more than one recording, in group id order
 * @param mixedLabelGroups ids of the groups whose members' labels differ
 * @param adjacentCuts     end-to-start links found (clips cut one after the other from one recording)
 */
public record GroupReport(int recordings, int groups, SortedMap<Integer, Integer> sizeHistogram, int largestGroup,
                          List<Group> multiFileGroups, List<String> mixedLabelGroups, int adjacentCuts) {
    /** Evidence kind: the source's group column. */
    public static final String GIVEN_ID = "given id";
    /** Evidence kind: {@code data.group_pattern} on the file names. */
    public static final String NAME_PATTERN = "name pattern";
    /** Evidence kind: shared audio found by correlation. */
    public static final String SHARED_AUDIO = "shared audio";
    /** Evidence kind: the end of one recording is the start of the other. */
    public static final String ADJACENT_CUT = "adjacent cut";
    /** Conflict kind: recordings joined by their audio carry different labels (a labelling problem). */
    public static final String SAME_AUDIO_CONFLICT = "same audio under different labels";
    /** Conflict kind: one patient's recordings carry different labels (labels are per recording). */
    public static final String SAME_PATIENT_CONFLICT = "same patient, different labels per recording";

    public GroupReport {
        sizeHistogram = Collections.unmodifiableSortedMap(new TreeMap<>(sizeHistogram));
        multiFileGroups = List.copyOf(multiFileGroups);
        mixedLabelGroups = List.copyOf(mixedLabelGroups);
    }

    /**
     * One group of several recordings.
     *
     * @param id          group id ({@code g0001}, ...)
     * @param members     the recordings, in source order
     * @param overlaps    shared-audio links between members
     * @param mixedLabels whether the members' labels differ
     * @param sources     the kinds of evidence that joined the members ({@link #GIVEN_ID}, {@link #NAME_PATTERN},
     *                    {@link #SHARED_AUDIO}, {@link #ADJACENT_CUT})
     */
    public record Group(String id, List<Member> members, List<Link> overlaps, boolean mixedLabels,
                        List<String> sources) {
        public Group {
            members = List.copyOf(members);
            overlaps = List.copyOf(overlaps);
            sources = List.copyOf(sources);
        }

        /**
         * For a group with mixed labels: {@link #SAME_AUDIO_CONFLICT} when a link joins two recordings whose labels
         * differ, else {@link #SAME_PATIENT_CONFLICT}; null when the labels agree.
         */
        public String conflict() {
            if (!mixedLabels) {
                return null;
            }
            Map<String, Set<String>> labels = new HashMap<>();
            members.forEach(m -> labels.put(m.id(), new HashSet<>(m.labels())));
            boolean audio = overlaps.stream().anyMatch(l -> !labels.get(l.a()).equals(labels.get(l.b())));
            return audio ? SAME_AUDIO_CONFLICT : SAME_PATIENT_CONFLICT;
        }
    }

    /**
     * @param id           recording id
     * @param labels       its labels
     * @param givenGroup   the source's group / patient id, or null
     * @param patternGroup the patient id {@code data.group_pattern} found in its file name, or null
     */
    public record Member(String id, List<String> labels, String givenGroup, String patternGroup) {
        public Member {
            labels = List.copyOf(labels);
        }
    }

    /**
     * Shared audio between recordings {@code a} and {@code b} (see {@link Overlap}).
     *
     * @param kind {@link #SHARED_AUDIO} or {@link #ADJACENT_CUT}
     */
    public record Link(String a, String b, int lagSamples, double seconds, double correlation, String kind) {
    }

    /** Mixed-label groups by conflict kind ({@link Group#conflict()}), kinds in a fixed order. */
    public Map<String, List<String>> conflicts() {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (String kind : List.of(SAME_AUDIO_CONFLICT, SAME_PATIENT_CONFLICT)) {
            List<String> ids = multiFileGroups.stream().filter(g -> kind.equals(g.conflict())).map(Group::id)
                    .toList();
            if (!ids.isEmpty()) {
                byKind.put(kind, ids);
            }
        }
        return byKind;
    }

    /** Groups of several recordings per evidence kind (a group joined by two kinds counts under both). */
    public Map<String, Long> groupsBySource() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of(GIVEN_ID, NAME_PATTERN, SHARED_AUDIO, ADJACENT_CUT)) {
            long n = multiFileGroups.stream().filter(g -> g.sources().contains(kind)).count();
            if (n > 0) {
                counts.put(kind, n);
            }
        }
        return counts;
    }

    /** Warning lines on groups that join recordings with different labels, one per conflict kind. */
    public List<String> conflictWarnings() {
        List<String> lines = new ArrayList<>();
        conflicts().forEach((kind, ids) -> lines.add(String.format(Locale.ROOT,
                "WARNING: %d group(s) join recordings with different labels (%s): %s", ids.size(), kind,
                String.join(", ", ids.size() > 12 ? ids.subList(0, 12) : ids) + (ids.size() > 12 ? ", ..." : ""))));
        return lines;
    }

    /** A plain-text rendering: summary, size histogram, then every multi-recording group with its evidence. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d recordings in %d groups (largest: %d recordings)%n", recordings,
                groups, largestGroup));
        TextTable sizes = new TextTable("group size", "groups", "recordings");
        sizeHistogram.forEach((size, count) -> sizes.row(size, count, size * count));
        sb.append(sizes.render());
        if (!groupsBySource().isEmpty()) {
            StringBuilder by = new StringBuilder("groups of several recordings formed by:");
            groupsBySource().forEach((kind, n) -> by.append(' ').append(kind).append(' ').append(n).append(','));
            by.setLength(by.length() - 1);
            sb.append(by).append(String.format(Locale.ROOT, "; adjacent cuts joined: %d%n", adjacentCuts));
        }
        conflictWarnings().forEach(w -> sb.append(w).append('\n'));
        for (Group g : multiFileGroups) {
            sb.append(String.format(Locale.ROOT, "%n%s (%d recordings; %s%s)%n", g.id(), g.members().size(),
                    String.join(", ", g.sources()), g.mixedLabels() ? "; MIXED LABELS: " + g.conflict() : ""));
            for (Member m : g.members()) {
                sb.append("  ").append(m.id()).append("  [").append(String.join(";", m.labels())).append(']');
                if (m.givenGroup() != null) {
                    sb.append("  given id ").append(m.givenGroup());
                }
                if (m.patternGroup() != null) {
                    sb.append("  name id ").append(m.patternGroup());
                }
                sb.append('\n');
            }
            for (Link l : g.overlaps()) {
                sb.append(String.format(Locale.ROOT, "  %s: %s ~ %s  %.3f s, correlation %.4f, lag %d%n", l.kind(),
                        l.a(), l.b(), l.seconds(), l.correlation(), l.lagSamples()));
            }
        }
        return sb.toString();
    }
}
