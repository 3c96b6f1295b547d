package org.heartsounds.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.heartsounds.core.ExitCodes;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A manifest label that looks like two joined by '|' is printed as a warning by inspect and prepare. */
class ManifestWarningOutputTest {
    @TempDir
    Path tmp;

    @Test
    void inspectAndPreparePrintTheWarning() throws IOException {
        Path wavs = tmp.resolve("wavs");
        List<Path> files = SyntheticHeartSounds.writeDataset(wavs, new SyntheticHeartSounds.Spec(3, 2.0, 2.0, 4000, 3));
        List<String> lines = new ArrayList<>(List.of("path,label"));
        for (int i = 0; i < files.size(); i++) {
            String label = files.get(i).getParent().getFileName().toString();
            lines.add(wavs.relativize(files.get(i)) + "," + (i == 0 ? "AS|MR" : label));
        }
        Path csv = wavs.resolve("manifest.csv");
        Files.write(csv, lines);
        String warning = "warning: " + csv + ": line 2: label 'AS|MR' looks like several labels joined by '|': "
                + "did you mean ';'?";
        for (String command : List.of("inspect", "prepare")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = ExitCodes.configure(new CommandLine(new DataCommand()));
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            int code = cmd.execute(command, "--manifest", csv.toString(), "--out", tmp.resolve("out").toString(),
                    "--set", "split.overlap.enabled=false");
            assertEquals(ExitCodes.OK, code, command + ": " + err);
            assertEquals(1, out.toString().lines().filter(l -> l.startsWith("warning: ")).count(), out.toString());
            assertTrue(out.toString().lines().anyMatch(warning::equals), command + ":\n" + out);
        }
    }
}
