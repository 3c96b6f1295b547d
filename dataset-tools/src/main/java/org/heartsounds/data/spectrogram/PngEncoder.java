package org.heartsounds.data.spectrogram;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * PNG encoder on {@code javax.imageio}: prefers the JDK's own PNG writer (other plugins on the class path are
 * used only if it is missing), writes to memory (no ImageIO disk cache), no metadata beyond what PNG requires
 * (no time stamp), not interlaced, so the same pixels always give the same bytes on the same JDK (another JDK or
 * zlib may pick other bytes for the same pixels). The zlib deflate level is set through
 * {@link ImageWriteParam#setCompressionQuality}, which the JDK writer maps back as {@code level = 9 - round(9 q)}
 * (its default, without an explicit quality, is level 4). The writer always tries all five PNG row filters per
 * row; that and the pixel conversion cost about as much as deflate at level 1.
 *
 * <p>Not thread-safe: it reuses one {@link ImageWriter}. Use one instance per thread.
 */
public final class PngEncoder {
    private static final String JDK_WRITER = "com.sun.imageio.plugins.png.PNGImageWriter";

    private final ImageWriter writer;
    private final ImageWriteParam param;

    /**
     * @param deflateLevel zlib level 0 (stored, fastest, largest) to 9 (smallest, slowest), passed to the writer as
     *                     compression quality {@code (9 - level) / 9}
     */
    public PngEncoder(int deflateLevel) {
        if (deflateLevel < 0 || deflateLevel > 9) {
            throw new IllegalArgumentException("PNG deflate level must be in [0, 9], got " + deflateLevel);
        }
        this.writer = pngWriter();
        this.param = writer.getDefaultWriteParam();
        if (param.canWriteProgressive()) {
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
        }
        if (param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((9 - deflateLevel) / 9f);
        }
    }

    private static ImageWriter pngWriter() {
        ImageWriter first = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().equals(JDK_WRITER)) {
                return w;
            }
            if (first == null) {
                first = w;
            }
        }
        if (first == null) {
            throw new IllegalStateException("no PNG ImageWriter is available in this JVM");
        }
        return first;
    }

    /** PNG bytes of {@code image}. */
    public byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.setOutput(null);
        }
        return bytes.toByteArray();
    }

    /** Name of the ImageIO writer class in use (for provenance). */
    public String writerName() {
        return writer.getClass().getName();
    }
}
