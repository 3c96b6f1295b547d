package org.heartsounds.data.split;

import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.config.SplitSpec;
import org.heartsounds.data.dataset.Split;

/**
 * The split of every recording (index-aligned with the recording list) for a hold-out split or one fold.
 *
 * @param mode         how it was made
 * @param seed         the seed it was made with
 * @param fold         the fold (0-based), or -1 for a hold-out split
 * @param leaky        true when recordings that share audio or a patient may fall in different splits: always in
 *                     {@code file} mode, and in {@code given} mode when a group spans splits
 * @param recordingIds the recordings' ids
 * @param splits       the split of each recording
 */
public record SplitAssignment(SplitSpec.Mode mode, long seed, int fold, boolean leaky, List<String> recordingIds,
                              List<Split> splits) {
    public SplitAssignment {
        recordingIds = List.copyOf(recordingIds);
        splits = List.copyOf(splits);
        if (recordingIds.size() != splits.size()) {
            throw new IllegalArgumentException(recordingIds.size() + " recordings but " + splits.size() + " splits");
        }
    }

    public Split splitOf(int recording) {
        return splits.get(recording);
    }

    /** Indices of the recordings in {@code split}, ascending. */
    public List<Integer> indices(Split split) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            if (splits.get(i) == split) {
                out.add(i);
            }
        }
        return out;
    }
}
