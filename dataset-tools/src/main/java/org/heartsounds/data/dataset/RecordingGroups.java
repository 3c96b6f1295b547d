package org.heartsounds.data.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recordings that must stay together in every split: linked by shared audio ({@link Overlap}s) or by a given
 * group / patient id, closed transitively (union-find). Group ids are {@code g0001}, {@code g0002}, … in order of
 * each group's first recording, so they are stable for a given listing.
 */
public final class RecordingGroups {
    private final String[] ids;
    private final List<List<Integer>> units;

    private RecordingGroups(String[] ids, List<List<Integer>> units) {
        this.ids = ids;
        this.units = units;
    }

    public static RecordingGroups assign(List<Recording> recordings, List<Overlap> overlaps) {
        int n = recordings.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (Overlap o : overlaps) {
            union(parent, o.a(), o.b());
        }
        Map<String, Integer> byGiven = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String g = recordings.get(i).group();
            if (g != null && !g.isBlank()) {
                Integer first = byGiven.putIfAbsent(g, i);
                if (first != null) {
                    union(parent, first, i);
                }
            }
        }
        Map<Integer, Integer> unitOfRoot = new HashMap<>();
        List<List<Integer>> units = new ArrayList<>();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            Integer u = unitOfRoot.get(root);
            if (u == null) {
                u = units.size();
                unitOfRoot.put(root, u);
                units.add(new ArrayList<>());
            }
            units.get(u).add(i);
            ids[i] = String.format(Locale.ROOT, "g%04d", u + 1);
        }
        return new RecordingGroups(ids, freeze(units));
    }

    /** Every recording on its own (file-level splits). */
    public static RecordingGroups singletons(int n) {
        List<List<Integer>> units = new ArrayList<>();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            units.add(List.of(i));
            ids[i] = String.format(Locale.ROOT, "g%04d", i + 1);
        }
        return new RecordingGroups(ids, List.copyOf(units));
    }

    private static List<List<Integer>> freeze(List<List<Integer>> units) {
        List<List<Integer>> out = new ArrayList<>(units.size());
        for (List<Integer> u : units) {
            out.add(List.copyOf(u));
        }
        return List.copyOf(out);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    public String idOf(int recording) {
        return ids[recording];
    }

    /** The groups as lists of recording indices, in id order. */
    public List<List<Integer>> units() {
        return units;
    }

    public int count() {
        return units.size();
    }

    /** Groups of more than one recording. */
    public List<List<Integer>> shared() {
        return units.stream().filter(u -> u.size() > 1).toList();
    }

    public String summary(int overlapPairs) {
        List<List<Integer>> shared = shared();
        int members = shared.stream().mapToInt(List::size).sum();
        int largest = units.stream().mapToInt(List::size).max().orElse(0);
        return String.format(Locale.ROOT, "groups: %d for %d recordings; %d pairs share audio; %d groups of more "
                + "than one recording hold %d recordings; largest group: %d", units.size(), ids.length,
                overlapPairs, shared.size(), members, largest);
    }

    /** groups.txt: the summary, then every group of more than one recording with its evidence. */
    public String report(List<String> recordingIds, List<Recording> recordings, List<Overlap> overlaps) {
        StringBuilder sb = new StringBuilder(summary(overlaps.size())).append("\n\n");
        Map<Integer, List<Overlap>> evidence = new HashMap<>();
        for (Overlap o : overlaps) {
            evidence.computeIfAbsent(o.a(), k -> new ArrayList<>()).add(o);
        }
        for (List<Integer> unit : shared()) {
            java.util.Set<String> labels = new java.util.TreeSet<>();
            unit.forEach(i -> labels.add(recordings.get(i).primaryLabel()));
            sb.append(ids[unit.get(0)]).append(" (").append(unit.size()).append(" recordings")
                    .append(labels.size() > 1 ? ", MIXED LABELS " + labels : ", " + labels.iterator().next())
                    .append(")\n");
            for (int i : unit) {
                Recording r = recordings.get(i);
                sb.append("  ").append(recordingIds.get(i));
                if (r.group() != null && !r.group().isBlank()) {
                    sb.append("  [given group ").append(r.group()).append(']');
                }
                sb.append('\n');
                for (Overlap o : evidence.getOrDefault(i, List.of())) {
                    sb.append(String.format(Locale.ROOT, "    shares %.2f s with %s at lag %d samples (r=%.4f)%n",
                            o.seconds(), recordingIds.get(o.b()), o.lagSamples(), o.correlation()));
                }
            }
        }
        return sb.toString();
    }
}
