package org.heartsounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input audit: every case a command line a careful user or tester might type, the exit code it must give
 * (2: bad input) and the words its message must contain (the file or option and the problem). No case may print a
 * Java exception name or a stack trace, and none may leave an output folder behind. {@code $T/} is the test's
 * folder of fixtures: a small synthetic dataset ({@code syn/}), broken WAVs, broken recipes and manifests.
 */
class BadInputAuditTest {
    static Path tmp;

    @BeforeAll
    static void fixtures() throws IOException {
        tmp = Files.createTempDirectory("audit");
        SyntheticHeartSounds.writeDataset(tmp.resolve("syn"), new SyntheticHeartSounds.Spec(6, 1.5, 2.5, 8000, 3));
        Files.write(tmp.resolve("trunc.wav"), new byte[] {'R', 'I', 'F', 'F'});
        Files.write(tmp.resolve("empty.wav"), new byte[0]);
        Files.writeString(tmp.resolve("text.wav"), "hello\n");
        Files.writeString(tmp.resolve("dup.yaml"), "train:\n  epochs: 2\n  epochs: 5\n");
        Files.writeString(tmp.resolve("type.yaml"), "train:\n  epochs: two\n");
        Files.writeString(tmp.resolve("neg.yaml"), "train:\n  epochs: -1\n");
        Files.writeString(tmp.resolve("unknown.yaml"), "spectrogram:\n  n_mel: 3\n");
        Files.writeString(tmp.resolve("broken.yaml"), "a: [\n");
        Files.writeString(tmp.resolve("m_missing.csv"), "path,label\nmissing.wav,N\n");
        Files.writeString(tmp.resolve("m_nopath.csv"), "file,label\nx.wav,N\n");
        Path wav;
        try (Stream<Path> s = Files.list(tmp.resolve("syn").resolve("N"))) {
            wav = s.sorted().findFirst().orElseThrow();
        }
        Files.writeString(tmp.resolve("m_nolabel.csv"), "path,label\n" + wav + ",\n");
        Files.writeString(tmp.resolve("m_dup.csv"), "path,label\n" + wav + ",N\n" + wav + ",N\n");
        Files.writeString(tmp.resolve("m_split.csv"), "path,label,split\n" + wav + ",N,training\n");
        Files.writeString(tmp.resolve("timing.csv"), "fname,cycle,sound,location\nsyn/N/x.wav,1,S3,10\n");
    }

    static Stream<Arguments> cases() {
        String[][] table = {
            // recipes
            {"data prepare --config $T/dup.yaml --data $T/syn --out $T/o", "dup.yaml: duplicate key 'train.epochs' on lines 2 and 3"},
            {"data prepare --config $T/type.yaml --data $T/syn --out $T/o", "type.yaml: bad value for 'train.epochs': must be a whole number, got 'two'"},
            {"data prepare --config $T/neg.yaml --data $T/syn --out $T/o", "neg.yaml: bad value for 'train': train.epochs must be in [1, 10000], got -1"},
            {"data prepare --config $T/unknown.yaml --data $T/syn --out $T/o", "unknown.yaml: unknown configuration key 'spectrogram.n_mel'"},
            {"data prepare --config $T/broken.yaml --data $T/syn --out $T/o", "broken.yaml: not valid YAML"},
            {"data prepare --config $T/none.yaml --data $T/syn --out $T/o", "none.yaml: configuration file not found"},
            {"data prepare --data $T/syn --out $T/o --set audio.sample_rate=100", "audio.sample_rate must be in [500, 192000], got 100"},
            {"data prepare --data $T/syn --out $T/o --set audio.window.seconds=0", "audio.window.seconds must be in (0.05, 600], got 0.0"},
            {"data prepare --data $T/syn --out $T/o --set audio.window.hop_seconds=0", "audio.window.hop_seconds must be in (0, 600], got 0.0"},
            {"data prepare --data $T/syn --out $T/o --set audio.window.max_windows=-1", "audio.window.max_windows must be >= 0, got -1"},
            {"data prepare --data $T/syn --out $T/o --set audio.window.select=middle", "bad value for 'audio.window.select': must be one of [spread, first], got 'middle'"},
            {"data prepare --data $T/syn --out $T/o --set audio.window.pad=noise", "bad value for 'audio.window.pad': must be one of [zero, repeat, reflect], got 'noise'"},
            {"data prepare --data $T/syn --out $T/o --set audio.band_pass.enabled=maybe", "bad value for 'audio.band_pass.enabled': must be true or false, got 'maybe'"},
            {"data prepare --data $T/syn --out $T/o --set audio.band_pass.enabled=true --set audio.band_pass.high_hz=3000", "must be below the Nyquist frequency of audio.sample_rate (2000.0)"},
            {"data prepare --data $T/syn --out $T/o --set spectrogram.n_mels=0", "spectrogram.n_mels must be in [1, 1024], got 0"},
            {"data prepare --data $T/syn --out $T/o --set spectrogram.fmax=x", "bad value for 'spectrogram.fmax': must be a number, got 'x'"},
            {"data prepare --data $T/syn --out $T/o --set split.train=0.5", "split.train + split.val + split.test must be 1 with train > 0, got 0.5 + 0.1 + 0.1"},
            {"data prepare --data $T/syn --out $T/o --set split.folds=1", "split.folds must be in [2, 100], got 1"},
            {"data prepare --data $T/syn --out $T/o --set split.mode=random", "bad value for 'split.mode': must be one of [grouped, file, given], got 'random'"},
            {"data prepare --data $T/syn --out $T/o --set split.overlap.min_correlation=2", "split.overlap.min_correlation must be in (0, 1], got 2.0"},
            {"data prepare --data $T/syn --out $T/o --set data.group_pattern=(a)(b)", "data.group_pattern needs exactly one capture group (the patient id), '(a)(b)' has 2"},
            {"data prepare --data $T/syn --out $T/o --set data.group_pattern=\"(a\"", "data.group_pattern is not a regular expression"},
            {"data prepare --data $T/syn --out $T/o --set data.group_pattern=[", "bad value for 'data.group_pattern': '[' is not a YAML value"},
            {"data prepare --data $T/syn --out $T/o --set data.quality.silence_dbfs=5", "data.quality.silence_dbfs must be in [-200.0, 0.0], got 5.0"},
            {"data prepare --data $T/syn --out $T/o --set data.quality.action=drop", "bad value for 'data.quality.action': must be one of [warn, exclude], got 'drop'"},
            {"data prepare --data $T/syn --out $T/o --set nonsense.key=1", "unknown configuration key 'nonsense.key'"},
            {"data prepare --data $T/syn --out $T/o --set train.epochs", "should be in KEY=VALUE format but was train.epochs"},
            {"data prepare --data $T/syn --out $T/o --threads 0", "--threads must be >= 1, got 0"},
            // data sources
            {"data prepare --data $T/none --out $T/o", "none: dataset folder not found"},
            {"data prepare --manifest $T/m_missing.csv --out $T/o", "m_missing.csv: line 2: file not found"},
            {"data prepare --manifest $T/m_nopath.csv --out $T/o", "m_nopath.csv: line 1: missing column 'path'"},
            {"data prepare --manifest $T/m_nolabel.csv --out $T/o", "m_nolabel.csv: line 2: empty label"},
            {"data prepare --manifest $T/m_dup.csv --out $T/o", "m_dup.csv: line 3: path"},
            {"data prepare --manifest $T/m_split.csv --out $T/o", "m_split.csv: line 2"},
            {"data prepare --data $T/syn --out $T/o --set data.classes=[AS,MR]", "is not one of"},
            {"data prepare --data $T/syn --out $T/trunc.wav", "trunc.wav: is a file, not a folder; data.out (--out) names the folder to write into"},
            {"data prepare --data $T/syn --out $T/trunc.wav/sub", "lies under the file"},
            {"data inspect --data $T/syn --overlap-bands 2", "--overlap-bands: the floor must be in (0, 1], got 2.0"},
            {"data manifest --format pascal2011 --from $T/none --out $T/m.csv", "none: not a folder"},
            {"data manifest --format nosuch --from $T/syn --out $T/m.csv", "nosuch"},
            {"data manifest --format pascal2011 --from $T/syn --out $T/m.csv --set c", "--set"},
            {"data segment", "give WAV files, or --reference CSV"},
            {"data segment $T/trunc.wav", "trunc.wav: truncated header"},
            {"data segment $T/empty.wav", "empty.wav"},
            {"data segment $T/text.wav", "text.wav"},
            {"data segment --reference $T/timing.csv", "timing.csv: line 2: sound 'S3' is not S1 or S2"},
            {"data segment --reference $T/m_missing.csv", "m_missing.csv: has no 'fname' column"},
            {"data synth --out $T/o --per-class -1", "--per-class must be in [1, 100000], got -1"},
            {"data fetch nosuch", "nosuch: unknown dataset; known datasets: yaseen2018"},
            // training
            {"train --config $T/dup.yaml --out $T/o", "duplicate key 'train.epochs'"},
            {"train --epochs 0 --out $T/o", "train.epochs must be in [1, 10000], got 0"},
            {"train --set train.batch_size=0 --out $T/o", "train.batch_size must be in [1, 4096], got 0"},
            {"train --set train.learning_rate=-1 --out $T/o", "train.learning_rate must be in (0, 10), got -1.0"},
            {"train --set train.class_weights=[1,0,1,1,1] --out $T/o", "weight 2 of [1.0, 0.0, 1.0, 1.0, 1.0] is not a positive finite number"},
            {"train --set train.class_weights=heavy --out $T/o", "must be none, balanced or a list of positive weights"},
            {"train --set train.class_weights=[1,2] --data $T/syn --prepared $T/p --out $T/o", "train.class_weights has 2 weights but the dataset has 5 classes"},
            {"train --set train.early_stopping.metric=val_f2 --out $T/o", "bad value for 'train.early_stopping.metric': must be one of"},
            {"train --freeze layer9 --out $T/o", "bad value for 'train.freeze': must be one of"},
            {"train --set train.optimizer=lion --out $T/o", "bad value for 'train.optimizer': must be one of [adam, sgd], got 'lion'"},
            {"train --prepared $T/none --out $T/o", "none: is not a prepared dataset"},
            {"train --data $T/syn --prepared $T/p --out $T/trunc.wav", "trunc.wav: is a file, not a folder; train.out (--out) names the folder to write into"},
            {"cv --data $T/syn --prepared $T/p --out $T/trunc.wav", "trunc.wav: is a file, not a folder; --out names the folder to write into"},
            {"train --threads 0 --out $T/o", "--threads must be >= 1, got 0"},
            {"cv --folds 1 --out $T/o", "split.folds must be in [2, 100], got 1"},
            {"cv --split leaky --out $T/o", "--split must be grouped or file, got 'leaky'"},
            {"cv --threads -1 --out $T/o", "--threads must be >= 1, got -1"},
            // models
            {"evaluate --run $T/none", "none: run folder not found"},
            {"evaluate --model $T/trunc.wav --data $T/syn", "trunc.wav: is not a model this project can load"},
            {"evaluate --run $T/none --split train", "train"},
            {"evaluate --run $T/none --aggregate median", "--aggregate must be mean or log_mean, got 'median'"},
            {"predict --model $T/none.zip $T/syn/N", "none.zip: model not found"},
            {"predict --model $T/trunc.wav $T/empty.wav", "trunc.wav: is not a model this project can load"},
            {"predict --top-k 0 --model $T/x.zip $T/a.wav", "--top-k must be at least 1, got 0"},
            {"predict --model $T/x.zip --group-by pattern $T/a.wav", "--group-by pattern needs --group-pattern REGEX"},
            {"predict --model $T/x.zip --group-by folder $T/a.wav", "--group-by must be pattern or manifest, got 'folder'"},
            {"predict --model $T/x.zip --aggregate median $T/a.wav", "--aggregate must be mean or log_mean, got 'median'"},
            {"predict --model $T/x.zip --threads 0 $T/a.wav", "--threads must be >= 1, got 0"},
            {"export onnx --run $T/none --out $T/o", "none: run folder not found"},
            {"export onnx --run $T/none --out $T/o --opset 14", "opset 14 is not supported; use one of [11, 13]"},
            {"export jetson --run $T/none --out $T/o", "none: run folder not found"},
            {"sweep --out $T/o", "--config FILE is required"},
            {"sweep --config $T/dup.yaml --out $T/o", "duplicate key 'train.epochs'"},
            {"bench infer --threads 0", "--threads must be >= 1, got 0"},
            {"bench prepare --data $T/syn --runs -1", "--runs"},
            {"weights fetch nosuch", "nosuch: unknown weights; known weights: resnet18-imagenet"},
            {"run --data $T/syn --manifest $T/m_missing.csv --out $T/o", "--data and --manifest are exclusive"},
            {"run --manifest $T/m_missing.csv --out $T/o", "m_missing.csv: line 2: file not found"},
            {"run --epochs 0 --out $T/o", "epochs must be >= 1, got 0"},
            {"run --per-class 0 --out $T/o", "perClass must be >= 1, got 0"},
        };
        List<Arguments> out = new ArrayList<>();
        for (String[] row : table) {
            out.add(Arguments.of(row[0], row[1]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsExitTwoWithAMessageNamingTheProblem(String line, String expected) throws IOException {
        String[] args = line.replace("$T/", tmp + "/").split(" ");
        for (int i = 0; i < args.length; i++) {
            args[i] = args[i].replace("\"", "");
        }
        CliRun r = CliRun.run(args);
        String all = r.err() + r.out();
        assertEquals(2, r.code(), line + "\n" + all);
        assertTrue(all.contains(expected.replace("$T/", tmp + "/")), line + ": expected '" + expected + "' in\n" + all);
        assertFalse(all.contains("Exception") || all.contains("\tat "), line + ": a Java exception shows\n" + all);
        assertFalse(Files.exists(tmp.resolve("o")), line + ": left " + tmp.resolve("o"));
    }
}
