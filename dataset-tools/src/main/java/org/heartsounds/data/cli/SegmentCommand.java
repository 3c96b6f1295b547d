package org.heartsounds.data.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.segment.HeartSound;
import org.heartsounds.data.segment.HeartSoundSegmenter;
import org.heartsounds.data.segment.ReferenceMarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code heartsounds data segment}: S1 and S2 times of WAV files, or the check against hand-marked times. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Find S1 and S2 in heart-sound recordings (Shannon-energy envelope) and print their times;",
            "with --reference, check the detector against hand-marked times (PASCAL 2011's set_a_timing.csv",
            "format: fname,cycle,sound,location) and print the share found within 50 ms."})
public class SegmentCommand implements Callable<Integer> {
    @Option(names = "--reference", paramLabel = "CSV", description = "Hand-marked S1/S2 times to check against.")
    Path reference;

    @Parameters(paramLabel = "WAV", arity = "0..*", description = "Recordings to segment.")
    List<Path> files = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (reference == null && files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give WAV files, or --reference CSV");
        }
        PrintWriter out = spec.commandLine().getOut();
        HeartSoundSegmenter segmenter = new HeartSoundSegmenter();
        for (Path wav : files) {
            List<HeartSound> sounds;
            try {
                sounds = segmenter.segment(WavReader.read(wav));
            } catch (IOException e) {
                throw new BadInputException(wav, "cannot read: " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "%s  (%d sounds)%n", wav, sounds.size());
            for (HeartSound s : sounds) {
                out.printf(Locale.ROOT, "  %s %8.3f s%n", s.kind(), s.seconds());
            }
        }
        if (reference != null) {
            ReferenceMarks marks = ReferenceMarks.read(reference);
            out.printf(Locale.ROOT, "%s: %d recordings: %s%n", reference, marks.files().size(),
                    marks.check(segmenter).describe());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
