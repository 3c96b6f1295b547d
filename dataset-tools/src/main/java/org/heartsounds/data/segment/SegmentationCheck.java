package org.heartsounds.data.segment;

import java.util.List;
import java.util.Locale;

/**
 * How well detected heart sounds match reference marks (hand-marked S1/S2 times): the share of marks with a detected
 * sound within the tolerance, the share whose nearest such sound also has the right kind, and the share of detected
 * sounds within the marked stretch (first mark - 0.1 s to last mark + 0.1 s) that lie within the tolerance of a
 * mark.
 *
 * @param marks      reference marks
 * @param found      marks with a detected sound within the tolerance
 * @param foundKind  of those, marks whose nearest detected sound has the mark's kind
 * @param detections detected sounds within the marked stretch
 * @param matched    of those, detections within the tolerance of a mark
 */
public record SegmentationCheck(int marks, int found, int foundKind, int detections, int matched) {
    /** Tolerance of the usual evaluation of segmentation: 50 ms. */
    public static final double TOLERANCE_SECONDS = 0.05;

    /** One recording's check. */
    public static SegmentationCheck of(List<HeartSound> detected, List<HeartSound> reference) {
        int found = 0;
        int kind = 0;
        for (HeartSound mark : reference) {
            HeartSound nearest = null;
            for (HeartSound d : detected) {
                if (nearest == null || Math.abs(d.seconds() - mark.seconds())
                        < Math.abs(nearest.seconds() - mark.seconds())) {
                    nearest = d;
                }
            }
            if (nearest != null && Math.abs(nearest.seconds() - mark.seconds()) <= TOLERANCE_SECONDS) {
                found++;
                kind += nearest.kind() == mark.kind() ? 1 : 0;
            }
        }
        int detections = 0;
        int matched = 0;
        if (!reference.isEmpty()) {
            double lo = reference.stream().mapToDouble(HeartSound::seconds).min().orElse(0) - 0.1;
            double hi = reference.stream().mapToDouble(HeartSound::seconds).max().orElse(0) + 0.1;
            for (HeartSound d : detected) {
                if (d.seconds() >= lo && d.seconds() <= hi) {
                    detections++;
                    if (reference.stream().anyMatch(m -> Math.abs(m.seconds() - d.seconds()) <= TOLERANCE_SECONDS)) {
                        matched++;
                    }
                }
            }
        }
        return new SegmentationCheck(reference.size(), found, kind, detections, matched);
    }

    /** The sum of two checks (for a whole set of recordings). */
    public SegmentationCheck plus(SegmentationCheck o) {
        return new SegmentationCheck(marks + o.marks, found + o.found, foundKind + o.foundKind,
                detections + o.detections, matched + o.matched);
    }

    public double foundRate() {
        return marks == 0 ? Double.NaN : found / (double) marks;
    }

    public double kindRate() {
        return marks == 0 ? Double.NaN : foundKind / (double) marks;
    }

    public double precision() {
        return detections == 0 ? Double.NaN : matched / (double) detections;
    }

    /** {@code 376 of 390 marked sounds found within 50 ms (96.4 %), ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d of %d marked sounds found within %.0f ms (%.1f %%), %d with the right "
                + "kind S1/S2 (%.1f %%); %d of %d detections in the marked stretches lie at a mark (%.1f %%)",
                found, marks, 1000 * TOLERANCE_SECONDS, 100 * foundRate(), foundKind, 100 * kindRate(), matched,
                detections, 100 * precision());
    }
}
