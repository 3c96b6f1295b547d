package org.heartsounds.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.io.AtomicFiles;

/**
 * Writes a {@link Conversion} as the manifest {@code data.manifest} reads ({@code data.source.CsvManifestSource}):
 * UTF-8, LF line ends, RFC 4180 quoting, header {@code path,label,group} followed by the extra columns; labels
 * joined by {@code ;}; paths relative to the manifest's folder, with {@code /}, when the recording lies inside it,
 * else absolute.
 */
public final class ManifestCsv {
    /** Column names the manifest gives a meaning; an extra column may not take them ({@code split} is allowed). */
    public static final Set<String> RESERVED = Set.of("path", "label", "group");

    private ManifestCsv() {
    }

    /**
     * Writes the manifest atomically.
     *
     * @param absolute write every path absolute, even inside the manifest's folder
     * @throws BadInputException when the conversion matched no recording at all (nothing is written)
     */
    public static void write(Conversion conversion, Path out, boolean absolute) throws IOException {
        if (conversion.rows().isEmpty()) {
            throw new BadInputException(conversion.source(), "no recording could be matched to a label ("
                    + conversion.report().total() + " entries not matched); no manifest written to " + out);
        }
        AtomicFiles.writeString(out, text(conversion, out.toAbsolutePath().normalize().getParent(), absolute));
    }

    /** The manifest's text for a manifest in {@code folder}. */
    public static String text(Conversion conversion, Path folder, boolean absolute) {
        for (String c : conversion.extraColumns()) {
            if (RESERVED.contains(TableFile.normalise(c))) {
                throw new IllegalArgumentException("extra column '" + c + "' clashes with the manifest's own");
            }
        }
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("path", "label", "group"));
        header.addAll(conversion.extraColumns());
        line(sb, header);
        Path base = folder.toAbsolutePath().normalize();
        for (ManifestRow r : conversion.rows()) {
            Path file = r.file().toAbsolutePath().normalize();
            String path = !absolute && file.startsWith(base) ? base.relativize(file).toString() : file.toString();
            List<String> cells = new ArrayList<>();
            cells.add(path.replace(java.io.File.separatorChar, '/'));
            cells.add(String.join(";", r.labels()));
            cells.add(r.group() == null ? "" : r.group());
            conversion.extraColumns().forEach(c -> cells.add(r.extra(c)));
            line(sb, cells);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(org.heartsounds.core.text.CsvCell.of(cells.get(i)));
        }
        sb.append('\n');
    }

}
