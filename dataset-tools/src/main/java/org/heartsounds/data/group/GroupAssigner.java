package org.heartsounds.data.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.overlap.Overlap;
import org.heartsounds.data.overlap.OverlapDetector;

/**
 * Groups recordings that must not be split apart: union-find over the shared-audio links from
 * {@link OverlapDetector} merged with the given group / patient ids (recordings with the same given id form one
 * group). Groups are numbered {@code g0001, g0002, ...} in the order of their first recording, so the ids depend
 * only on the recording order and the links.
 */
public final class GroupAssigner {
    private GroupAssigner() {
    }

    /**
     * @param recordings the recordings, in the order the overlaps' indices refer to
     * @param overlaps   shared-audio links (may be empty)
     */
    public static GroupAssignment assign(List<Recording> recordings, List<Overlap> overlaps) {
        int n = recordings.size();
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        Map<String, Integer> firstWithGivenId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String given = recordings.get(i).group();
            if (given != null) {
                Integer first = firstWithGivenId.putIfAbsent(given, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
        }
        for (Overlap o : overlaps) {
            if (o.b() >= n) {
                throw new IllegalArgumentException("overlap " + o + " refers to recording " + o.b() + " of " + n);
            }
            union(parent, o.a(), o.b());
        }
        // number groups by their first recording
        Map<Integer, Integer> numberOfRoot = new HashMap<>();
        int[] groupNumber = new int[n];
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            Integer g = numberOfRoot.get(root);
            if (g == null) {
                g = numberOfRoot.size();
                numberOfRoot.put(root, g);
            }
            groupNumber[i] = g;
        }
        int groups = numberOfRoot.size();
        String format = "g%0" + Math.max(4, String.valueOf(groups).length()) + "d";
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.format(format, groupNumber[i] + 1));
        }
        return new GroupAssignment(ids, report(recordings, overlaps, groupNumber, groups, ids));
    }

    private static GroupReport report(List<Recording> recordings, List<Overlap> overlaps, int[] groupNumber,
                                      int groups, List<String> ids) {
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < groupNumber.length; i++) {
            members.get(groupNumber[i]).add(i);
        }
        List<List<GroupReport.Link>> links = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            links.add(new ArrayList<>());
        }
        overlaps.stream()
                .sorted((x, y) -> x.a() != y.a() ? Integer.compare(x.a(), y.a()) : Integer.compare(x.b(), y.b()))
                .forEach(o -> links.get(groupNumber[o.a()]).add(new GroupReport.Link(recordings.get(o.a()).id(),
                        recordings.get(o.b()).id(), o.lagSamples(), o.seconds(), o.correlation())));
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        List<GroupReport.Group> multi = new ArrayList<>();
        List<String> mixed = new ArrayList<>();
        int largest = 0;
        for (int g = 0; g < groups; g++) {
            List<Integer> m = members.get(g);
            histogram.merge(m.size(), 1, Integer::sum);
            largest = Math.max(largest, m.size());
            if (m.size() < 2) {
                continue;
            }
            boolean mixedLabels = m.stream().map(i -> new HashSet<>(recordings.get(i).labels())).distinct().count() > 1;
            String id = ids.get(m.get(0));
            if (mixedLabels) {
                mixed.add(id);
            }
            List<GroupReport.Member> ms = m.stream().map(i -> {
                Recording r = recordings.get(i);
                return new GroupReport.Member(r.id(), r.labels(), r.group());
            }).toList();
            multi.add(new GroupReport.Group(id, ms, links.get(g), mixedLabels));
        }
        return new GroupReport(recordings.size(), groups, histogram, largest, multi, mixed);
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
