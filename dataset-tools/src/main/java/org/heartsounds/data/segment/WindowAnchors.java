package org.heartsounds.data.segment;

import org.heartsounds.core.config.AudioSpec;
import org.heartsounds.data.audio.AudioClip;

/** Where {@code audio.window.align} wants windows to start: nowhere in particular, or at the detected S1s. */
public final class WindowAnchors {
    private WindowAnchors() {
    }

    /** The S1 times of {@code clip} in seconds (ascending) when the spec aligns to S1, else null. */
    public static double[] of(AudioSpec.Window spec, AudioClip clip) {
        if (spec.align() != AudioSpec.Align.S1) {
            return null;
        }
        return new HeartSoundSegmenter().segment(clip).stream().filter(s -> s.kind() == HeartSound.Kind.S1)
                .mapToDouble(HeartSound::seconds).toArray();
    }
}
