package org.heartsounds.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.heartsounds.core.BadInputException;

/**
 * Reads an image file with ImageIO after checking its size on disk and its declared width and height, so that a
 * hostile or broken file cannot make the decoder allocate gigabytes.
 */
final class BoundedImages {
    /** Largest image file read (64 MiB). */
    static final long MAX_FILE_BYTES = 64L << 20;
    /** Largest width or height accepted. */
    static final int MAX_SIDE = 16_384;

    private BoundedImages() {
    }

    static BufferedImage read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new BadInputException(file, "image has " + size + " bytes, more than " + MAX_FILE_BYTES);
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new BadInputException(file, "is not an image ImageIO can read");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    int w = reader.getWidth(0);
                    int h = reader.getHeight(0);
                    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                        throw new BadInputException(file, "image is " + w + "x" + h + " pixels; sides must be in 1.."
                                + MAX_SIDE);
                    }
                    return reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read image: " + e.getMessage(), e);
        }
    }
}
