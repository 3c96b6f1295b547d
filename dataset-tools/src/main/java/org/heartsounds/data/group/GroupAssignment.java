package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group of every recording (index-aligned with the recording list it was made from) and the report on how
 * the groups came about. Recordings of one group must stay in one split.
 *
 * @param groupIds group id per recording
 * @param report   group statistics and evidence
 */
public record GroupAssignment(List<String> groupIds, GroupReport report) {
    public GroupAssignment {
        groupIds = List.copyOf(groupIds);
    }

    public String groupOf(int recording) {
        return groupIds.get(recording);
    }

    public int size() {
        return groupIds.size();
    }

    /** Group id to the indices of its recordings, groups in id order. */
    public Map<String, List<Integer>> members() {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (int i = 0; i < groupIds.size(); i++) {
            m.computeIfAbsent(groupIds.get(i), k -> new ArrayList<>()).add(i);
        }
        Map<String, List<Integer>> sorted = new LinkedHashMap<>();
        m.keySet().stream().sorted().forEach(k -> sorted.put(k, List.copyOf(m.get(k))));
        return sorted;
    }
}
