package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.heartsounds.data.overlap.Overlap;

/**
 * Everything that says two recordings belong together, besides the source's given group ids: the patient ids that
 * {@code data.group_pattern} takes from the file names, shared audio ({@code OverlapDetector}) and adjacent cuts
 * ({@code AdjacentCutDetector}: the end of one recording is the start of another).
 *
 * @param patternIds   patient id from the file name per recording (null entries: no match); empty list: no pattern
 * @param sharedAudio  shared-audio links
 * @param adjacentCuts end-to-start links
 */
public record GroupEvidence(List<String> patternIds, List<Overlap> sharedAudio, List<Overlap> adjacentCuts) {
    public GroupEvidence {
        patternIds = Collections.unmodifiableList(new ArrayList<>(patternIds));
        sharedAudio = List.copyOf(sharedAudio);
        adjacentCuts = List.copyOf(adjacentCuts);
    }

    /** Shared audio only. */
    public static GroupEvidence sharedAudio(List<Overlap> overlaps) {
        return new GroupEvidence(List.of(), overlaps, List.of());
    }

    /** The pattern id of recording {@code i}, or null. */
    public String patternIdOf(int i) {
        return patternIds.isEmpty() ? null : patternIds.get(i);
    }
}
