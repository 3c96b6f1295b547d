package org.heartsounds.data.prepare;

import java.util.List;
import java.util.Locale;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.group.GroupAssigner;
import org.heartsounds.data.group.GroupAssignment;
import org.heartsounds.data.group.GroupEvidence;
import org.heartsounds.data.group.GroupPattern;
import org.heartsounds.data.group.GroupReport;
import org.heartsounds.data.overlap.AdjacentCutDetector;
import org.heartsounds.data.overlap.Overlap;
import org.heartsounds.data.overlap.OverlapDetector;
import org.heartsounds.data.source.SourceListing;
import org.heartsounds.data.split.DatasetSplitter;
import org.heartsounds.data.split.SplitAssignment;
import org.heartsounds.data.split.SplitSummary;

/**
 * A dataset's structure before anything is rendered: which recordings share audio (overlap detection on the
 * preprocessed signals), the groups that follow (merged with given group ids), and the split of every recording —
 * grouped (leak-free), file-level (leaky, for comparison with published work) or given by the manifest.
 */
public final class DatasetAnalysis {
    private final List<Overlap> overlaps;
    private final GroupAssignment groups;
    private final SplitAssignment split;
    private final SplitSummary summary;

    private DatasetAnalysis(List<Overlap> overlaps, GroupAssignment groups, SplitAssignment split,
                            SplitSummary summary) {
        this.overlaps = overlaps;
        this.groups = groups;
        this.split = split;
        this.summary = summary;
    }

    /**
     * @param signals      preprocessed signals (one common sample rate), in the listing's recording order
     * @param edges        the decoded recordings' first and last second, same order (adjacent cuts); empty: none
     * @param groupPattern {@code data.group_pattern}, or null
     */
    public static DatasetAnalysis analyse(SourceListing listing, List<float[]> signals, int sampleRate,
                                          List<AdjacentCutDetector.Edges> edges, String groupPattern,
                                          SplitSpec spec, long seed) {
        List<Overlap> overlaps = new OverlapDetector(spec.overlap()).detect(signals, sampleRate);
        List<Overlap> adjacent = spec.overlap().enabled() ? AdjacentCutDetector.detect(edges) : List.of();
        List<String> patternIds = groupPattern == null ? List.of()
                : GroupPattern.of(groupPattern).idsOf(listing.recordings());
        GroupAssignment groups = GroupAssigner.assign(listing.recordings(),
                new GroupEvidence(patternIds, overlaps, adjacent));
        DatasetSplitter splitter = new DatasetSplitter(spec, seed);
        SplitAssignment split = splitter.split(listing.recordings(), listing.classes(), groups);
        return new DatasetAnalysis(overlaps, groups, split,
                splitter.summarize(split, listing.recordings(), listing.classes(), groups));
    }

    public List<Overlap> overlaps() {
        return overlaps;
    }

    public GroupAssignment groups() {
        return groups;
    }

    public SplitAssignment split() {
        return split;
    }

    public Split splitOf(int recording) {
        return split.splitOf(recording);
    }

    public String groupOf(int recording) {
        return groups.groupOf(recording);
    }

    /** True when shared audio may cross splits: file-level mode, or a given split that breaks a group. */
    public boolean leaky() {
        return split.leaky();
    }

    /** Recordings per split and class, as an aligned table. */
    public String splitTable() {
        return summary.toText();
    }

    /** One line: how many groups, how many pairs share audio, the largest group. */
    public String groupSummary() {
        GroupReport r = groups.report();
        int members = r.multiFileGroups().stream().mapToInt(g -> g.members().size()).sum();
        return String.format(Locale.ROOT, "groups: %d for %d recordings; %d pairs share audio; %d adjacent cuts "
                + "joined; %d groups of more than one recording hold %d recordings; largest group: %d", r.groups(),
                r.recordings(), overlaps.size(), r.adjacentCuts(), r.multiFileGroups().size(), members,
                r.largestGroup());
    }

    /** The full group report written as groups.txt. */
    public String groupReport() {
        return groupSummary() + "\n\n" + groups.report().toText();
    }
}
