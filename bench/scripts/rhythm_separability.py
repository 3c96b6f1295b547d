#!/usr/bin/env python3
"""Does the S1-to-S1 rhythm separate PASCAL 2011 set B's extrastole recordings from normal ones?

A check made before building a recording-level rhythm feature (docs/ABLATION.md, "PASCAL B"): it reads what
`heartsounds data segment` prints for set B's recordings, takes each recording's S1-to-S1 intervals and three
irregularity measures (coefficient of variation, largest deviation from the median, RMS of successive differences,
the last two relative to the median interval), and prints, per measure, the medians per class and the AUROC
(Mann-Whitney) of "more irregular means extrastole" against clean normals (`normal__…`), noisy normals
(`normal_noisynormal_…`) and murmurs. Recordings with fewer than three S1-to-S1 intervals are counted and left out.
Standard library only.

Usage:
  ./heartsounds data segment ../shared/datasets/pascal2011/set_b/*.wav > segments.txt
  python3 bench/scripts/rhythm_separability.py segments.txt
"""
import collections
import re
import statistics
import sys

HEADER = re.compile(r"^(\S+\.wav)\s+\((\d+) sounds\)")
SOUND = re.compile(r"^\s+(S1|S2)\s+([\d.]+) s")


def read_segments(path):
    recordings, current = {}, None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            header = HEADER.match(line)
            if header:
                current = header.group(1).rsplit("/", 1)[-1]
                recordings[current] = []
                continue
            sound = SOUND.match(line)
            if sound and current:
                recordings[current].append((sound.group(1), float(sound.group(2))))
    return recordings


def kind(name):
    label = name.split("_")[0]
    return label + ("-noisy" if "noisy" in name else "")


def irregularity(sounds):
    s1 = [t for k, t in sounds if k == "S1"]
    intervals = [b - a for a, b in zip(s1, s1[1:])]
    if len(intervals) < 3:
        return None
    median = statistics.median(intervals)
    successive = [abs(b - a) / median for a, b in zip(intervals, intervals[1:])]
    return {
        "cv": statistics.pstdev(intervals) / statistics.mean(intervals),
        "max_deviation": max(abs(x - median) for x in intervals) / median,
        "rmssd": (sum(x * x for x in successive) / len(successive)) ** 0.5,
    }


def auroc(positives, negatives):
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def main(path):
    by_kind, too_short = collections.defaultdict(list), collections.Counter()
    for name, sounds in read_segments(path).items():
        measures = irregularity(sounds)
        if measures is None:
            too_short[kind(name)] += 1
        else:
            by_kind[kind(name)].append(measures)
    print("recordings used:", {k: len(v) for k, v in sorted(by_kind.items())})
    print("fewer than 3 S1-to-S1 intervals:", dict(sorted(too_short.items())))
    extra = by_kind["extrastole"]
    for measure in ("cv", "max_deviation", "rmssd"):
        medians = ", ".join(f"{k} {statistics.median(x[measure] for x in v):.3f}" for k, v in sorted(by_kind.items()))
        aurocs = ", ".join(
            f"vs {k} {auroc([x[measure] for x in extra], [x[measure] for x in by_kind[k]]):.3f}"
            for k in ("normal", "normal-noisy", "murmur") if by_kind[k])
        print(f"{measure}: medians {medians}; AUROC extrastole {aurocs}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
