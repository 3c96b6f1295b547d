package org.heartsounds.data.overlap;

/**
 * Hash index from a 64-bit fingerprint word to the (recording, position) entries where it occurs, in open
 * addressing over primitive arrays (a million entries cost about 40 MB less than boxed maps). Words that occur
 * more than {@code maxBucket} times are common to much of the data (tones, periodic patterns) and carry no
 * evidence of shared audio; their buckets are dropped. A one-hash Bloom filter in front answers most misses from
 * a small bit set.
 */
final class FingerprintIndex {
    private static final long EMPTY = 0L; // word 0 (a monotone ramp) never passes the transition filter

    private final long[] keys;
    private final int[] start;
    private final int[] count;
    private final int[] entryRec;
    private final int[] entryPos;
    private final long[] bloom;
    private final int mask;
    private final int bloomMask;
    private final int dropped;

    private FingerprintIndex(long[] keys, int[] start, int[] count, int[] entryRec, int[] entryPos, long[] bloom,
                             int dropped) {
        this.keys = keys;
        this.start = start;
        this.count = count;
        this.entryRec = entryRec;
        this.entryPos = entryPos;
        this.bloom = bloom;
        this.mask = keys.length - 1;
        this.bloomMask = bloom.length * 64 - 1;
        this.dropped = dropped;
    }

    /**
     * @param words     per recording, the words to index (none may be 0)
     * @param positions per recording, the sample position of each word
     */
    static FingerprintIndex build(long[][] words, int[][] positions, int maxBucket) {
        int total = 0;
        for (long[] w : words) {
            total += w.length;
        }
        int cap = Integer.highestOneBit(Math.max(16, total * 2 - 1)) << 1;
        long[] keys = new long[cap];
        int[] count = new int[cap];
        int m = cap - 1;
        for (long[] ws : words) {
            for (long w : ws) {
                count[slotFor(keys, m, w)]++;
            }
        }
        int[] start = new int[cap];
        int next = 0;
        int dropped = 0;
        for (int s = 0; s < cap; s++) {
            if (keys[s] != EMPTY && count[s] > maxBucket) {
                dropped += count[s];
                count[s] = -1;
            }
            start[s] = next;
            next += Math.max(0, count[s]);
        }
        int[] entryRec = new int[next];
        int[] entryPos = new int[next];
        int[] fill = new int[cap];
        long[] bloom = new long[Math.max(1, Integer.highestOneBit(Math.max(64, next * 16)) / 64)];
        int bloomMask = bloom.length * 64 - 1;
        for (int r = 0; r < words.length; r++) {
            for (int i = 0; i < words[r].length; i++) {
                int s = slotFor(keys, m, words[r][i]);
                if (count[s] < 0) {
                    continue;
                }
                int e = start[s] + fill[s]++;
                entryRec[e] = r;
                entryPos[e] = positions[r][i];
                int b = bloomBit(words[r][i], bloomMask);
                bloom[b >>> 6] |= 1L << b;
            }
        }
        return new FingerprintIndex(keys, start, count, entryRec, entryPos, bloom, dropped);
    }

    /** The slot of {@code word}, inserting it when absent. */
    private static int slotFor(long[] keys, int mask, long word) {
        int s = (int) mix(word) & mask;
        while (keys[s] != EMPTY && keys[s] != word) {
            s = (s + 1) & mask;
        }
        keys[s] = word;
        return s;
    }

    /** The bucket slot of {@code word}, or -1 when it is absent or dropped. */
    int find(long word) {
        int b = bloomBit(word, bloomMask);
        if ((bloom[b >>> 6] & (1L << b)) == 0) {
            return -1;
        }
        int s = (int) mix(word) & mask;
        while (keys[s] != EMPTY) {
            if (keys[s] == word) {
                return count[s] > 0 ? s : -1;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    int bucketStart(int slot) {
        return start[slot];
    }

    int bucketEnd(int slot) {
        return start[slot] + count[slot];
    }

    int rec(int entry) {
        return entryRec[entry];
    }

    int pos(int entry) {
        return entryPos[entry];
    }

    int entries() {
        return entryRec.length;
    }

    /** Entries left out because their word was too common. */
    int droppedEntries() {
        return dropped;
    }

    private static int bloomBit(long word, int bloomMask) {
        return (int) (mix(word) >>> 32) & bloomMask;
    }

    /** The splitmix64 finaliser: spreads the structured words over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
