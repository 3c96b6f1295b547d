package org.heartsounds.data.group;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
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
 */
public record GroupReport(int recordings, int groups, SortedMap<Integer, Integer> sizeHistogram, int largestGroup,
                          List<Group> multiFileGroups, List<String> mixedLabelGroups) {
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
     */
    public record Group(String id, List<Member> members, List<Link> overlaps, boolean mixedLabels) {
        public Group {
            members = List.copyOf(members);
            overlaps = List.copyOf(overlaps);
        }
    }

    /**
     * @param id         recording id
     * @param labels     its labels
     * @param givenGroup the source's group / patient id, or null
     */
    public record Member(String id, List<String> labels, String givenGroup) {
        public Member {
            labels = List.copyOf(labels);
        }
    }

    /** Shared audio between recordings {@code a} and {@code b} (see {@link Overlap}). */
    public record Link(String a, String b, int lagSamples, double seconds, double correlation) {
    }

    /** A plain-text rendering: summary, size histogram, then every multi-recording group with its evidence. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d recordings in %d groups (largest: %d recordings)%n", recordings,
                groups, largestGroup));
        TextTable sizes = new TextTable("group size", "groups", "recordings");
        sizeHistogram.forEach((size, count) -> sizes.row(size, count, size * count));
        sb.append(sizes.render());
        if (!mixedLabelGroups.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "WARNING: %d group(s) join recordings with different labels: %s%n",
                    mixedLabelGroups.size(), String.join(", ", mixedLabelGroups)));
        }
        for (Group g : multiFileGroups) {
            sb.append(String.format(Locale.ROOT, "%n%s (%d recordings%s)%n", g.id(), g.members().size(),
                    g.mixedLabels() ? ", MIXED LABELS" : ""));
            for (Member m : g.members()) {
                sb.append("  ").append(m.id()).append("  [").append(String.join(";", m.labels())).append(']');
                if (m.givenGroup() != null) {
                    sb.append("  given id ").append(m.givenGroup());
                }
                sb.append('\n');
            }
            for (Link l : g.overlaps()) {
                sb.append(String.format(Locale.ROOT, "  shared audio: %s ~ %s  %.3f s, correlation %.4f, lag %d%n",
                        l.a(), l.b(), l.seconds(), l.correlation(), l.lagSamples()));
            }
        }
        return sb.toString();
    }
}
