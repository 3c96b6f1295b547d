package org.heartsounds.data.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.formats.CirCor2022Format;
import org.heartsounds.data.formats.Conversion;
import org.heartsounds.data.formats.ManifestCsv;
import org.heartsounds.data.formats.ManifestFormat;
import org.heartsounds.data.formats.Pascal2011Format;
import org.heartsounds.data.formats.PhysioNet2016Format;
import org.heartsounds.data.formats.WideFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code heartsounds data manifest}: a published dataset's own label files → the project's CSV manifest. */
@Command(name = "manifest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the CSV manifest that --manifest / data.manifest reads, from a published",
            "dataset's own label files, and report what could not be matched: rows without",
            "a file, files without a row, unlabelled rows, unknown label values and",
            "duplicates, with counts and examples. Exit 0 when a manifest was written (even",
            "with mismatches); 2 when a label file cannot be read as the format or nothing",
            "matched.",
            "",
            "The manifest: UTF-8 CSV (RFC 4180 quoting), one row per recording, header",
            "path,label,group[,extra columns]; column names are case-insensitive.",
            "  path   the WAV, relative to the manifest's folder (absolute when outside",
            "         it, or with --absolute-paths)",
            "  label  one label, or several joined by ';' (the first is the primary one)",
            "  group  patient or source id; a group's recordings stay in one split",
            "         (may be empty)",
            "  extra columns (set, sublabel, source, site, ...) are kept for reference;",
            "  training ignores them, except a column named split (train|val|test),",
            "  which split.mode: given uses. A hand-written manifest needs only",
            "  path,label.",
            ""})
public class ManifestCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "pascal2011 (set_a.csv, set_b.csv, set_a/, set_b/ of the PASCAL 2011 challenge, "
                    + "Kaggle's Heartbeat Sounds), physionet2016 (training-a ... training-f, each with "
                    + "REFERENCE.csv), circor2022 (training_data.csv and training_data/), wide (one CSV row per "
                    + "patient, one 0/1 column per label).")
    String format;

    @Option(names = "--from", required = true, paramLabel = "DIR|FILE",
            description = "The dataset folder (pascal2011, physionet2016, circor2022) or the table (wide).")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "The manifest to write.")
    Path out;

    @Option(names = "--absolute-paths", description = "Write every path absolute.")
    boolean absolutePaths;

    @ArgGroup(exclusive = false, heading = "%npascal2011 options:%n")
    PascalOptions pascal;

    @ArgGroup(exclusive = false, heading = "%ncircor2022 options:%n")
    CirCorOptions circor;

    @ArgGroup(exclusive = false, heading = "%nwide options:%n")
    WideOptions wide;

    @Spec
    CommandSpec spec;

    static class PascalOptions {
        @Option(names = "--set", split = ",", paramLabel = "a|b",
                description = "Only set a (iStethoscope) or b (DigiScope); default both (a,b).")
        List<String> sets;
    }

    static class CirCorOptions {
        @Option(names = "--label-by", paramLabel = "murmur|outcome",
                description = "Label each recording by the patient's Murmur (present/absent/unknown, default) or "
                        + "Outcome (abnormal/normal); the other is kept as an extra column.")
        String labelBy;
    }

    static class WideOptions {
        @Option(names = "--id-column", paramLabel = "NAME", defaultValue = "id",
                description = "Patient id column, written as the group (default: ${DEFAULT-VALUE}).")
        String idColumn = "id";

        @Option(names = "--label-columns", split = ",", paramLabel = "LABEL",
                description = "The 0/1 label columns (required); a column's name is its label.")
        List<String> labelColumns;

        @Option(names = "--recording-columns", split = ",", paramLabel = "COL", defaultValue = "recording",
                description = "Columns naming recordings, several per cell separated by ';' "
                        + "(default: ${DEFAULT-VALUE}).")
        List<String> recordingColumns = List.of("recording");

        @Option(names = "--none-label", paramLabel = "LABEL",
                description = "Label for a row whose label columns are all 0 (e.g. N); without it such a row is "
                        + "reported as unlabelled.")
        String noneLabel;

        @Option(names = "--keep-columns", split = ",", paramLabel = "COL",
                description = "Columns copied to the manifest as extra columns.")
        List<String> keepColumns;

        @Option(names = "--audio-dir", paramLabel = "DIR",
                description = "Folder the recording names are relative to (default: the table's folder).")
        Path audioDir;
    }

    @Override
    public Integer call() throws Exception {
        ManifestFormat f = format();
        Conversion conversion = f.convert(from);
        PrintWriter console = spec.commandLine().getOut();
        console.print(conversion.toText());
        console.flush();
        ManifestCsv.write(conversion, out, absolutePaths);
        console.println("manifest: " + out.toAbsolutePath().normalize());
        console.flush();
        return ExitCodes.OK;
    }

    private ManifestFormat format() {
        String name = format.strip().toLowerCase(Locale.ROOT);
        only(name, Pascal2011Format.NAME, pascal != null, "--set");
        only(name, CirCor2022Format.NAME, circor != null, "--label-by");
        only(name, WideFormat.NAME, wide != null, "--id-column, --label-columns, --recording-columns, --none-label, "
                + "--keep-columns and --audio-dir");
        return switch (name) {
            case Pascal2011Format.NAME -> new Pascal2011Format(sets());
            case PhysioNet2016Format.NAME -> new PhysioNet2016Format();
            case CirCor2022Format.NAME -> new CirCor2022Format(labelBy());
            case WideFormat.NAME -> {
                if (wide == null || wide.labelColumns == null) {
                    throw new ParameterException(spec.commandLine(), "--format wide needs --label-columns");
                }
                yield new WideFormat(new WideFormat.Options(wide.idColumn, wide.labelColumns, wide.recordingColumns,
                        wide.noneLabel, wide.keepColumns == null ? List.of() : wide.keepColumns, wide.audioDir));
            }
            default -> throw new ParameterException(spec.commandLine(), "--format: unknown format '" + format
                    + "' (known: pascal2011, physionet2016, circor2022, wide)");
        };
    }

    private void only(String name, String owner, boolean given, String options) {
        if (given && !name.equals(owner)) {
            throw new ParameterException(spec.commandLine(), options + ": only with --format " + owner);
        }
    }

    private List<String> sets() {
        if (pascal == null || pascal.sets == null) {
            return List.of("a", "b");
        }
        List<String> sets = pascal.sets.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        if (sets.isEmpty() || !List.of("a", "b").containsAll(sets)) {
            throw new ParameterException(spec.commandLine(), "--set: a, b or a,b, got " + pascal.sets);
        }
        return sets;
    }

    private CirCor2022Format.LabelBy labelBy() {
        if (circor == null || circor.labelBy == null) {
            return CirCor2022Format.LabelBy.MURMUR;
        }
        return switch (circor.labelBy.strip().toLowerCase(Locale.ROOT)) {
            case "murmur" -> CirCor2022Format.LabelBy.MURMUR;
            case "outcome" -> CirCor2022Format.LabelBy.OUTCOME;
            default -> throw new ParameterException(spec.commandLine(), "--label-by: murmur or outcome, got '"
                    + circor.labelBy + "'");
        };
    }
}
