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
 * Groups recordings that must not be split apart: union-find over the given group / patient ids (recordings with
 * the same given id form one group), the patient ids from the file names ({@link GroupPattern}), the shared-audio
 * links from {@link OverlapDetector} and the adjacent cuts, all merged into one grouping. Groups are numbered
 * {@code g0001, g0002, ...} in the order of their first recording, so the ids depend only on the recording order
 * and the evidence. The report says which kinds of evidence formed each group.
 */
public final class GroupAssigner {
    private GroupAssigner() {
    }

    /**
     * @param recordings the recordings, in the order the overlaps' indices refer to
     * @param overlaps   shared-audio links (may be empty)
     */
    public static GroupAssignment assign(List<Recording> recordings, List<Overlap> overlaps) {
        return assign(recordings, GroupEvidence.sharedAudio(overlaps));
    }

    /**
     * @param recordings the recordings, in the order the evidence's indices refer to
     * @param evidence   pattern ids, shared audio and adjacent cuts
     */
    public static GroupAssignment assign(List<Recording> recordings, GroupEvidence evidence) {
        int n = recordings.size();
        if (!evidence.patternIds().isEmpty() && evidence.patternIds().size() != n) {
            throw new IllegalArgumentException("pattern ids for " + evidence.patternIds().size() + " recordings, but "
                    + "there are " + n);
        }
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        Map<String, Integer> firstWithGivenId = new HashMap<>();
        Map<String, Integer> firstWithPatternId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String given = recordings.get(i).group();
            if (given != null) {
                Integer first = firstWithGivenId.putIfAbsent(given, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
            String fromName = evidence.patternIdOf(i);
            if (fromName != null) {
                Integer first = firstWithPatternId.putIfAbsent(fromName, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
        }
        List<Overlap> overlaps = new ArrayList<>(evidence.sharedAudio());
        overlaps.addAll(evidence.adjacentCuts());
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
        return new GroupAssignment(ids, report(recordings, evidence, groupNumber, groups, ids));
    }

    private static GroupReport report(List<Recording> recordings, GroupEvidence evidence, int[] groupNumber,
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
        addLinks(links, evidence.sharedAudio(), GroupReport.SHARED_AUDIO, recordings, groupNumber);
        addLinks(links, evidence.adjacentCuts(), GroupReport.ADJACENT_CUT, recordings, groupNumber);
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
                return new GroupReport.Member(r.id(), r.labels(), r.group(), evidence.patternIdOf(i));
            }).toList();
            multi.add(new GroupReport.Group(id, ms, links.get(g), mixedLabels, sources(ms, links.get(g))));
        }
        return new GroupReport(recordings.size(), groups, histogram, largest, multi, mixed,
                evidence.adjacentCuts().size());
    }

    private static void addLinks(List<List<GroupReport.Link>> links, List<Overlap> overlaps, String kind,
                                 List<Recording> recordings, int[] groupNumber) {
        overlaps.stream()
                .sorted((x, y) -> x.a() != y.a() ? Integer.compare(x.a(), y.a()) : Integer.compare(x.b(), y.b()))
                .forEach(o -> links.get(groupNumber[o.a()]).add(new GroupReport.Link(recordings.get(o.a()).id(),
                        recordings.get(o.b()).id(), o.lagSamples(), o.seconds(), o.correlation(), kind)));
    }

    /** The kinds of evidence that joined a group's members, in a fixed order. */
    private static List<String> sources(List<GroupReport.Member> members, List<GroupReport.Link> links) {
        List<String> s = new ArrayList<>();
        if (repeats(members.stream().map(GroupReport.Member::givenGroup).toList())) {
            s.add(GroupReport.GIVEN_ID);
        }
        if (repeats(members.stream().map(GroupReport.Member::patternGroup).toList())) {
            s.add(GroupReport.NAME_PATTERN);
        }
        for (String kind : List.of(GroupReport.SHARED_AUDIO, GroupReport.ADJACENT_CUT)) {
            if (links.stream().anyMatch(l -> l.kind().equals(kind))) {
                s.add(kind);
            }
        }
        return s;
    }

    /** Whether some non-null id occurs twice. */
    private static boolean repeats(List<String> ids) {
        HashSet<String> seen = new HashSet<>();
        for (String id : ids) {
            if (id != null && !seen.add(id)) {
                return true;
            }
        }
        return false;
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
