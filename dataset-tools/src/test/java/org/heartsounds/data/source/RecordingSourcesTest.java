package org.heartsounds.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.data.dataset.ClassIndex;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.dataset.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingSourcesTest {
    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
        return p;
    }

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    // ---- folder per class ----

    @Test
    void folderSourceListsWavFilesByClassAndReportsTheRest() throws IOException {
        touch("data/N/x.wav");
        touch("data/AS/b.wav");
        touch("data/AS/a.WAV");
        touch("data/AS/notes.txt");
        touch("data/AS/.DS_Store");
        touch("data/AS/._a.wav");
        touch("data/AS/sub/deep.wav");
        touch("data/README.md");
        touch("data/__MACOSX/AS/._b.wav");
        SourceListing l = new FolderPerClassSource(dir.resolve("data"), List.of()).list();
        assertEquals(List.of("AS/a.WAV", "AS/b.wav", "N/x.wav"), l.recordings().stream().map(Recording::id).toList());
        assertEquals(List.of("AS", "N"), l.classes().names());
        assertEquals(List.of("AS"), l.recordings().get(0).labels());
        assertEquals(dir.resolve("data/AS/a.WAV"), l.recordings().get(0).path());
        assertNull(l.recordings().get(0).group());
        assertNull(l.recordings().get(0).givenSplit());
        assertEquals(List.of("README.md", "__MACOSX/", "AS/.DS_Store", "AS/._a.wav", "AS/notes.txt", "AS/sub/"),
                l.ignored());
    }

    @Test
    void folderSourceErrorsNameTheFolder() throws IOException {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> new FolderPerClassSource(dir.resolve("nope"), List.of()).list());
        assertEquals(dir.resolve("nope").toString(), missing.source());

        touch("flat/a.wav");
        BadInputException noClasses = assertThrows(BadInputException.class,
                () -> new FolderPerClassSource(dir.resolve("flat"), List.of()).list());
        assertEquals(dir.resolve("flat").toString(), noClasses.source());
        assertTrue(noClasses.problem().contains("no class sub-folders"), noClasses.getMessage());

        touch("d/AS/a.wav");
        touch("d/MR/readme.txt");
        BadInputException empty = assertThrows(BadInputException.class,
                () -> new FolderPerClassSource(dir.resolve("d"), List.of()).list());
        assertEquals(dir.resolve("d/MR").toString(), empty.source());
        assertEquals("class folder 'MR' has no .wav files", empty.problem());
    }

    @Test
    void folderSourceHonoursTheFixedClassList() throws IOException {
        touch("d/AS/a.wav");
        touch("d/XX/b.wav");
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> new FolderPerClassSource(dir.resolve("d"), List.of("AS", "N")).list());
        assertEquals(dir.resolve("d/XX").toString(), unknown.source());
        assertTrue(unknown.problem().contains("not one of data.classes [AS, N]"), unknown.getMessage());

        touch("e/AS/a.wav");
        BadInputException absent = assertThrows(BadInputException.class,
                () -> new FolderPerClassSource(dir.resolve("e"), List.of("N", "AS")).list());
        assertEquals("class 'N' from data.classes has no folder", absent.problem());

        touch("e/N/c.wav");
        assertEquals(List.of("AS", "N"),
                new FolderPerClassSource(dir.resolve("e"), List.of("N", "AS")).list().classes().names());
    }

    // ---- CSV manifest ----

    @Test
    void manifestReadsPathsLabelsGroupsAndSplits() throws IOException {
        touch("audio/a.wav");
        touch("audio/b, with comma.wav");
        Path abs = touch("elsewhere/c.wav");
        touch("audio/d.wav");
        Path csv = write("manifest.csv", "\uFEFFPath,Label,Group,Split,Notes\r\n"
                + "audio/a.wav,N,p1,train,x\r\n"
                + "\r\n"
                + "\"audio/b, with comma.wav\",\"AS; MR\",p1,TEST,\"multi\nline\"\r\n"
                + abs + ",MR,,,\r\n"
                + "audio/d.wav,AS,p2,val,\r\n");
        SourceListing l = new CsvManifestSource(csv, List.of()).list();
        List<Recording> r = l.recordings();
        assertEquals(4, r.size());
        assertEquals("audio/a.wav", r.get(0).id());
        assertEquals(dir.resolve("audio/a.wav"), r.get(0).path());
        assertEquals(List.of("N"), r.get(0).labels());
        assertEquals("p1", r.get(0).group());
        assertEquals(Split.TRAIN, r.get(0).givenSplit());
        assertEquals("audio/b, with comma.wav", r.get(1).id());
        assertEquals(List.of("AS", "MR"), r.get(1).labels());
        assertEquals("AS", r.get(1).primaryLabel());
        assertEquals(Split.TEST, r.get(1).givenSplit());
        assertEquals(abs, r.get(2).path());
        assertNull(r.get(2).group());
        assertNull(r.get(2).givenSplit());
        assertEquals(Split.VAL, r.get(3).givenSplit());
        assertEquals(List.of("AS", "MR", "N"), l.classes().names());
    }

    private BadInputException manifestError(String text, List<String> classes) throws IOException {
        Path csv = write("bad.csv", text);
        BadInputException e = assertThrows(BadInputException.class, () -> new CsvManifestSource(csv, classes).list());
        assertEquals(csv.toString(), e.source());
        return e;
    }

    @Test
    void manifestErrorsNameTheFileAndLine() throws IOException {
        touch("a.wav");
        touch("b.wav");
        assertEquals("line 1: missing column 'label' (header has [path, class]; required: path, label; "
                + "optional: group, split)", manifestError("path,class\na.wav,N\n", List.of()).problem());
        assertEquals("line 3: unknown split 'training' (expected train, val or test)",
                manifestError("path,label,split\na.wav,N,train\nb.wav,N,training\n", List.of()).problem());
        assertEquals("line 2: file not found: " + dir.resolve("missing.wav"),
                manifestError("path,label\nmissing.wav,N\n", List.of()).problem());
        assertEquals("line 2: empty label", manifestError("path,label\na.wav,\n", List.of()).problem());
        assertEquals("line 2: empty label in 'AS;'", manifestError("path,label\na.wav,AS;\n", List.of()).problem());
        assertEquals("line 2: label 'AS' repeated", manifestError("path,label\na.wav,AS;AS\n", List.of()).problem());
        assertEquals("line 3: path './a.wav' is already listed on line 2",
                manifestError("path,label\na.wav,N\n./a.wav,AS\n", List.of()).problem());
        assertEquals("line 2: label 'XX' is not one of data.classes [AS, N]",
                manifestError("path,label\na.wav,XX\n", List.of("N", "AS")).problem());
        assertEquals("class 'N' from data.classes has no recordings",
                manifestError("path,label\na.wav,AS\n", List.of("N", "AS")).problem());
        assertEquals("line 2: expected 2 fields as in the header, found 3",
                manifestError("path,label\na.wav,N,extra\n", List.of()).problem());
        assertEquals("line 2: quoted field is never closed",
                manifestError("path,label\n\"a.wav,N\n", List.of()).problem());
        assertEquals("line 1: column 'path' appears twice",
                manifestError("path,label,Path\n", List.of()).problem());
        assertEquals("manifest lists no recordings", manifestError("path,label\n\n", List.of()).problem());
        assertEquals("line 2: class name 'a/b' contains '/', '\\', ';' or a control character (several labels? "
                + "separate them with ';')", manifestError("path,label\na.wav,a/b\n", List.of()).problem());
    }

    @Test
    void manifestThatIsNotUtf8IsRejected() throws IOException {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, new byte[] {'p', 'a', 't', 'h', ',', 'l', 'a', 'b', 'e', 'l', '\n', (byte) 0xE9, '\n'});
        BadInputException e = assertThrows(BadInputException.class, () -> new CsvManifestSource(csv, List.of()).list());
        assertEquals("not UTF-8 text", e.problem());
    }

    @Test
    void csvParserFollowsRfc4180AndCountsPhysicalLines() {
        List<CsvParser.Row> rows = CsvParser.parse("a,\"x\ny\",\"q\"\"uote\"\rb,,c\r\n\"\",d", "t.csv");
        assertEquals(3, rows.size());
        assertEquals(List.of("a", "x\ny", "q\"uote"), rows.get(0).fields());
        assertEquals(1, rows.get(0).line());
        assertEquals(List.of("b", "", "c"), rows.get(1).fields());
        assertEquals(3, rows.get(1).line());
        assertEquals(List.of("", "d"), rows.get(2).fields());
        assertEquals(4, rows.get(2).line());
        BadInputException e = assertThrows(BadInputException.class, () -> CsvParser.parse("a,b\"c\n", "t.csv"));
        assertEquals("t.csv: line 1: quote inside an unquoted field (quote the whole field and double inner quotes)",
                e.getMessage());
        BadInputException after = assertThrows(BadInputException.class, () -> CsvParser.parse("x\n\"a\"b,c\n", "t.csv"));
        assertEquals("line 2: text after the closing quote of a field", after.problem());
    }

    // ---- class index and dispatch ----

    @Test
    void classIndexIsTheSortedClassOrder() {
        ClassIndex c = ClassIndex.of(List.of("N", "MVP", "AS", "MS", "MR", "AS"));
        assertEquals(List.of("AS", "MR", "MS", "MVP", "N"), c.names());
        assertEquals(3, c.indexOf("MVP"));
        assertEquals(-1, c.indexOf("mvp"));
        assertThrows(IllegalArgumentException.class, () -> c.require("X"));
        assertThrows(IllegalArgumentException.class, () -> ClassIndex.of(List.of("..")));
        assertThrows(IllegalArgumentException.class, () -> ClassIndex.of(List.of(" N")));
        assertThrows(IllegalArgumentException.class, () -> ClassIndex.of(List.of()));
        // upper case sorts before lower case (String order, independent of locale)
        assertEquals(List.of("B", "a"), ClassIndex.of(List.of("a", "B")).names());
    }

    @Test
    void dataSpecChoosesTheSource() throws IOException {
        touch("base/data/AS/a.wav");
        touch("base/a.wav");
        write("base/m.csv", "path,label\na.wav,N\n");
        Path base = dir.resolve("base");
        assertEquals(List.of("AS/a.wav"), RecordingSource.of(new DataSpec("data", null, "out", List.of()), base)
                .list().recordings().stream().map(Recording::id).toList());
        assertEquals(List.of("a.wav"), RecordingSource.of(new DataSpec(null, "m.csv", "out", List.of()), base)
                .list().recordings().stream().map(Recording::id).toList());
        assertThrows(BadInputException.class, () -> RecordingSource.of(new DataSpec(null, null, "out", List.of()), base));
    }
}
