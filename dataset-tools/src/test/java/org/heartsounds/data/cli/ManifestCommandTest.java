package org.heartsounds.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.audio.WavWriter;
import org.heartsounds.data.source.CsvManifestSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ManifestCommandTest {
    @TempDir
    Path tmp;
    Path data;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = ExitCodes.configure(new CommandLine(new DataCommand()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private void wav(String relative) throws IOException {
        Path p = data.resolve(relative);
        Files.createDirectories(p.getParent());
        WavWriter.writePcm16(p, new float[100], 4000);
    }

    private void text(String relative, String... lines) throws IOException {
        Files.writeString(data.resolve(relative), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @BeforeEach
    void pascalReplica() throws IOException {
        data = tmp.resolve("pascal2011");
        wav("set_a/normal__201106111136.wav");
        wav("set_a/murmur__201108222231.wav");
        text("set_a.csv", "dataset,fname,label,sublabel",
                "a,set_a/normal__201106111136.wav,normal,",
                "a,set_a/murmur__201108222231.wav,murmur,",
                "a,set_a/__201012172010.wav,,");
        wav("set_b/normal__103_1305031931979_A.wav");
        text("set_b.csv", "dataset,fname,label,sublabel", "b,set_b/Btraining_normal_103_1305031931979_A.wav,normal,");
    }

    @Test
    void writesTheManifestAndPrintsTheReport() throws IOException {
        Path out = tmp.resolve("manifests/pascal-a.csv");
        Result r = run("manifest", "--format", "pascal2011", "--from", data.toString(), "--set", "a", "--out",
                out.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("pascal2011 " + data + " (set a): 2 recordings, 0 groups\n"), r.out());
        assertTrue(r.out().matches("(?s).*\nunlabelled rows +1\nrows with an unknown label value +0\n.*"), r.out());
        assertTrue(r.out().contains("unlabelled rows (1), e.g.:\n  set_a.csv line 4: set_a/__201012172010.wav "
                + "(no file)\n"), r.out());
        assertTrue(r.out().endsWith("manifest: " + out.toAbsolutePath().normalize() + "\n"), r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("path,label,group,set,sublabel",
                data.resolve("set_a/normal__201106111136.wav").toAbsolutePath().normalize() + ",normal,,a,",
                data.resolve("set_a/murmur__201108222231.wav").toAbsolutePath().normalize() + ",murmur,,a,"), lines);
        assertEquals(2, new CsvManifestSource(out, List.of()).list().recordings().size());

        Path both = data.resolve("all.csv");
        r = run("manifest", "--format", "pascal2011", "--from", data.toString(), "--out", both.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("set_b/normal__103_1305031931979_A.wav,normal,b103,b,", Files.readAllLines(both).get(3));
    }

    @Test
    void nothingMatchedIsExitTwoAndWritesNothing() throws IOException {
        text("set_b.csv", "dataset,fname,label,sublabel", "b,set_b/Btraining_normal_9_1_A.wav,normal,");
        Files.delete(data.resolve("set_b/normal__103_1305031931979_A.wav"));
        Path out = tmp.resolve("b.csv");
        Result r = run("manifest", "--format", "pascal2011", "--from", data.toString(), "--set", "b", "--out",
                out.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.out().contains("rows without a file (1), e.g.:"), r.out());
        assertTrue(r.err().startsWith("error: " + data + " (set b): no recording could be matched"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unreadableInputAndMisplacedOptionsAreExitTwo() throws IOException {
        Files.write(data.resolve("set_a.csv"), new byte[] {(byte) 0xFF, (byte) 0xFE, 'a', 0, ',', 0});
        Result r = run("manifest", "--format", "pascal2011", "--from", data.toString(), "--out",
                tmp.resolve("x.csv").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals("error: " + data.resolve("set_a.csv") + ": binary file, not a CSV label file",
                r.err().strip());
        assertFalse(r.err().contains("\tat "), r.err());

        for (String[] args : new String[][] {
            {"--format", "circor2022", "--set", "a"},
            {"--format", "pascal2011", "--label-by", "outcome"},
            {"--format", "pascal2011", "--set", "c"},
            {"--format", "wide"},
            {"--format", "kaggle"}}) {
            String[] full = new String[args.length + 5];
            full[0] = "manifest";
            System.arraycopy(args, 0, full, 1, args.length);
            System.arraycopy(new String[] {"--from", data.toString(), "--out", tmp.resolve("y.csv").toString()}, 0,
                    full, args.length + 1, 4);
            r = run(full);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", args) + ": " + r.err());
        }
        assertFalse(Files.exists(tmp.resolve("x.csv")) || Files.exists(tmp.resolve("y.csv")));
    }

    @Test
    void helpDocumentsTheManifestFormat() {
        String help = new CommandLine(new DataCommand()).getSubcommands().get("manifest").getUsageMessage();
        for (String s : List.of("path,label,group[,extra columns]", "several joined by ';'",
                "relative to the manifest's folder", "--format=FORMAT", "--set=a|b", "--label-by=murmur|outcome",
                "--label-columns=LABEL", "--none-label=LABEL", "physionet2016", "circor2022", "Exit 0")) {
            assertTrue(help.contains(s), s + " in\n" + help);
        }
    }
}
