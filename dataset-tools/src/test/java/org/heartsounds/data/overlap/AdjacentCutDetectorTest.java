package org.heartsounds.data.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** End-to-start exact matches: clips cut one after the other from one recording. */
class AdjacentCutDetectorTest {
    private static final int RATE = 8000;

    /** A long recording of 16-bit sample values (as WavReader decodes them). */
    private static float[] recording(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) Math.round(8000 * Math.sin(i * 0.05) + rnd.nextGaussian() * 2000) / 32768f;
        }
        return x;
    }

    @Test
    void findsPlantedOverlapsOfTwentyToSixtyMillisecondsAndNothingElse() {
        float[] source = recording(60 * RATE, 1);
        int[] overlapMs = {20, 35, 60, 45, 25};
        List<AdjacentCutDetector.Edges> clips = new ArrayList<>();
        int start = 0;
        int[] starts = new int[overlapMs.length + 1];
        for (int k = 0; k <= overlapMs.length; k++) {
            int len = (int) (RATE * (2.0 + 0.3 * k)); // 2.0-3.5 s clips
            starts[k] = start;
            clips.add(AdjacentCutDetector.Edges.of(Arrays.copyOfRange(source, start, start + len), RATE));
            if (k < overlapMs.length) {
                start += len - overlapMs[k] * RATE / 1000;
            }
        }
        // distractors: another recording; a clip that starts with the same 3 ms as clip 1 (too short to count);
        // the same audio at another sample rate; two clips sharing a run of silence
        clips.add(AdjacentCutDetector.Edges.of(recording(3 * RATE, 2), RATE));
        float[] shortMatch = recording(2 * RATE, 3);
        System.arraycopy(source, starts[1], shortMatch, 0, 24);
        clips.add(AdjacentCutDetector.Edges.of(shortMatch, RATE));
        clips.add(AdjacentCutDetector.Edges.of(Arrays.copyOfRange(source, starts[2], starts[2] + 2 * RATE), 4000));
        float[] silentEnd = recording(2 * RATE, 4);
        Arrays.fill(silentEnd, silentEnd.length - 400, silentEnd.length, 0f);
        float[] silentStart = recording(2 * RATE, 5);
        Arrays.fill(silentStart, 0, 400, 0f);
        clips.add(AdjacentCutDetector.Edges.of(silentEnd, RATE));
        clips.add(AdjacentCutDetector.Edges.of(silentStart, RATE));

        List<Overlap> links = AdjacentCutDetector.detect(clips);
        assertEquals(overlapMs.length, links.size(), "one link per planted cut: " + links);
        for (int k = 0; k < overlapMs.length; k++) {
            Overlap o = links.get(k);
            assertEquals(k, o.a());
            assertEquals(k + 1, o.b());
            assertEquals(overlapMs[k] / 1000.0, o.seconds(), 1e-9);
            assertEquals(starts[k + 1] - starts[k], o.lagSamples(), "clip k+1 starts at this sample of clip k");
            assertEquals(1.0, o.correlation());
        }
    }

    @Test
    void aClipWhoseEndStartsAnEarlierClipGivesANegativeLag() {
        float[] source = recording(10 * RATE, 7);
        float[] first = Arrays.copyOfRange(source, 0, 2 * RATE);
        float[] second = Arrays.copyOfRange(source, 2 * RATE - 300, 4 * RATE);
        List<Overlap> links = AdjacentCutDetector.detect(List.of(AdjacentCutDetector.Edges.of(second, RATE),
                AdjacentCutDetector.Edges.of(first, RATE)));
        assertEquals(List.of(new Overlap(0, 1, -(2 * RATE - 300), 300.0 / RATE, 1.0)), links);
    }
}
