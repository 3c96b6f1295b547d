package org.heartsounds.data.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.heartsounds.core.BadInputException;

/** Archive formats the extractor reads, recognised by their leading magic bytes (not by file name). */
enum ArchiveFormat {
    ZIP, RAR4;

    private static final byte[] RAR4_MAGIC = {0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00};
    private static final byte[] RAR5_MAGIC = {0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00};

    static ArchiveFormat detect(Path archive) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
            return ZIP;
        }
        if (n >= 7 && Arrays.equals(head, 0, 7, RAR4_MAGIC, 0, 7)) {
            return RAR4;
        }
        if (n >= 8 && Arrays.equals(head, 0, 8, RAR5_MAGIC, 0, 8)) {
            throw new BadInputException(archive, "RAR5 archives are not supported (only RAR 1.5-4.x)");
        }
        throw new BadInputException(archive, "not a ZIP or RAR archive (unrecognised leading bytes)");
    }
}
