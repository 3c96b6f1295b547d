package org.heartsounds.data.prepare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.RecordingGroups;
import org.heartsounds.data.dataset.Overlap;
import org.heartsounds.data.dataset.OverlapDetector;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.SourceListing;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.data.dataset.StratifiedGroupSplitter;

/**
 * A dataset's structure before anything is rendered: which recordings share audio (overlap detection on the
 * preprocessed signals), the groups that follow (merged with given group ids), and the split of every recording —
 * grouped (leak-free), file-level (leaky, for comparison with published work) or given by the manifest.
 */
public final class DatasetAnalysis {
    private final SourceListing listing;
    private final SplitSpec spec;
    private final List<Overlap> overlaps;
    private final RecordingGroups groups;
    private final Split[] splits;

    private DatasetAnalysis(SourceListing listing, SplitSpec spec, List<Overlap> overlaps, RecordingGroups groups,
                            Split[] splits) {
        this.listing = listing;
        this.spec = spec;
        this.overlaps = overlaps;
        this.groups = groups;
        this.splits = splits;
    }

    /**
     * @param signals preprocessed signals (one common sample rate), in the listing's recording order
     */
    public static DatasetAnalysis analyse(SourceListing listing, List<float[]> signals, int sampleRate,
                                          SplitSpec spec, long seed) {
        List<Recording> recordings = listing.recordings();
        List<Overlap> overlaps = spec.overlap().enabled()
                ? new OverlapDetector(spec.overlap()).detect(signals, sampleRate) : List.of();
        RecordingGroups groups = RecordingGroups.assign(recordings, overlaps);
        Split[] splits = new Split[recordings.size()];
        switch (spec.mode()) {
            case GIVEN -> {
                for (int i = 0; i < splits.length; i++) {
                    Recording r = recordings.get(i);
                    if (r.givenSplit() == null) {
                        throw new BadInputException(listing.source(), "split.mode is 'given' but recording '"
                                + r.id() + "' has no split");
                    }
                    splits[i] = r.givenSplit();
                }
            }
            case GROUPED -> StratifiedGroupSplitter.split(recordings, listing.classes(), groups.units(), spec, seed,
                    splits);
            case FILE -> StratifiedGroupSplitter.split(recordings, listing.classes(), RecordingGroups.singletons(
                    recordings.size()).units(), spec, seed, splits);
            default -> throw new IllegalStateException(spec.mode().toString());
        }
        return new DatasetAnalysis(listing, spec, overlaps, groups, splits);
    }

    public SourceListing listing() {
        return listing;
    }

    public List<Overlap> overlaps() {
        return overlaps;
    }

    public RecordingGroups groups() {
        return groups;
    }

    public Split splitOf(int recording) {
        return splits[recording];
    }

    public String groupOf(int recording) {
        return groups.idOf(recording);
    }

    /** True when the split may put audio shared between recordings on both sides (file-level mode). */
    public boolean leaky() {
        return spec.mode() == SplitSpec.Mode.FILE;
    }

    /** Recordings per split and class, as an aligned table. */
    public String splitTable() {
        ClassIndex classes = listing.classes();
        Map<Split, int[]> counts = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            counts.put(s, new int[classes.size()]);
        }
        for (int i = 0; i < splits.length; i++) {
            counts.get(splits[i])[classes.indexOf(listing.recordings().get(i).primaryLabel())]++;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "split (%s%s)%n",
                spec.mode().name().toLowerCase(Locale.ROOT), leaky() ? ", LEAKY: shared audio may cross splits" : ""));
        sb.append(String.format(Locale.ROOT, "  %-6s", ""));
        for (String c : classes.names()) {
            sb.append(String.format(Locale.ROOT, " %6s", c));
        }
        sb.append(String.format(Locale.ROOT, " %6s%n", "total"));
        for (Map.Entry<Split, int[]> e : counts.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-6s", e.getKey().folderName()));
            int total = 0;
            for (int n : e.getValue()) {
                sb.append(String.format(Locale.ROOT, " %6d", n));
                total += n;
            }
            sb.append(String.format(Locale.ROOT, " %6d%n", total));
        }
        return sb.toString();
    }

    /** One paragraph: how many groups, how many recordings share audio, the largest group. */
    public String groupSummary() {
        return groups.summary(overlaps.size());
    }

    /** The full group report written as groups.txt. */
    public String groupReport() {
        List<String> ids = new ArrayList<>();
        for (Recording r : listing.recordings()) {
            ids.add(r.id());
        }
        return groups.report(ids, listing.recordings(), overlaps);
    }
}
