package org.heartsounds.data.overlap;

import java.util.Arrays;

/**
 * Votes of one query recording: for each (other recording, lag) the number of fingerprint matches and the first
 * and last query position that matched. Open addressing over primitive arrays, cleared in time proportional to
 * what was used, so one table per thread serves every query. Growth stops at {@code maxKeys} (pathological,
 * highly periodic input): further new keys are ignored, existing ones still count.
 */
final class VoteTable {
    private static final long EMPTY = -1L; // keys are (rec << 32 | lag), rec >= 0, so never -1

    private final int maxKeys;
    private long[] keys;
    private int[] votes;
    private int[] minQ;
    private int[] maxQ;
    private int[] used;
    private int size;

    VoteTable(int maxKeys) {
        this.maxKeys = maxKeys;
        allocate(1 << 10);
    }

    private void allocate(int cap) {
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        votes = new int[cap];
        minQ = new int[cap];
        maxQ = new int[cap];
        used = new int[cap / 2 + 1];
        size = 0;
    }

    static long key(int rec, int lag) {
        return ((long) rec << 32) | (lag & 0xFFFF_FFFFL);
    }

    static int rec(long key) {
        return (int) (key >>> 32);
    }

    static int lag(long key) {
        return (int) key;
    }

    void add(int rec, int lag, int q) {
        long k = key(rec, lag);
        int s = slot(k);
        if (keys[s] == EMPTY) {
            if (size >= maxKeys) {
                return;
            }
            if (size + 1 > keys.length / 2) {
                grow();
                s = slot(k);
            }
            keys[s] = k;
            minQ[s] = q;
            maxQ[s] = q;
            used[size++] = s;
        }
        votes[s]++;
        minQ[s] = Math.min(minQ[s], q);
        maxQ[s] = Math.max(maxQ[s], q);
    }

    /** Slot of {@code key}: where it is, or the empty slot where it would go. */
    private int slot(long k) {
        int mask = keys.length - 1;
        int s = (int) ((k * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (keys[s] != EMPTY && keys[s] != k) {
            s = (s + 1) & mask;
        }
        return s;
    }

    /** Slot of {@code key}, or -1. */
    int find(int rec, int lag) {
        int s = slot(key(rec, lag));
        return keys[s] == EMPTY ? -1 : s;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldVotes = votes;
        int[] oldMin = minQ;
        int[] oldMax = maxQ;
        int[] oldUsed = used;
        int oldSize = size;
        allocate(keys.length * 2);
        for (int i = 0; i < oldSize; i++) {
            int o = oldUsed[i];
            int s = slot(oldKeys[o]);
            keys[s] = oldKeys[o];
            votes[s] = oldVotes[o];
            minQ[s] = oldMin[o];
            maxQ[s] = oldMax[o];
            used[size++] = s;
        }
    }

    int size() {
        return size;
    }

    /** The slot of the i-th key inserted. */
    int usedSlot(int i) {
        return used[i];
    }

    long keyAt(int slot) {
        return keys[slot];
    }

    int votesAt(int slot) {
        return votes[slot];
    }

    int minQAt(int slot) {
        return minQ[slot];
    }

    int maxQAt(int slot) {
        return maxQ[slot];
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            int s = used[i];
            keys[s] = EMPTY;
            votes[s] = 0;
        }
        size = 0;
    }
}
