package org.heartsounds.trainer.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test helper: writes a torch.save-style zip ({@code <prefix>/data.pkl}, {@code <prefix>/data/<key>}, version). */
final class TorchZipBuilder {
    private final String prefix;
    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private byte[] pickle;

    TorchZipBuilder(String prefix) {
        this.prefix = prefix;
    }

    TorchZipBuilder pickle(byte[] data) {
        this.pickle = data;
        return this;
    }

    TorchZipBuilder floats(String key, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(key, b.array());
    }

    TorchZipBuilder doubles(String key, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return raw(key, b.array());
    }

    TorchZipBuilder halves(String key, short... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : bits) {
            b.putShort(v);
        }
        return raw(key, b.array());
    }

    TorchZipBuilder longs(String key, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return raw(key, b.array());
    }

    TorchZipBuilder raw(String key, byte[] bytes) {
        storages.put(key, bytes);
        return this;
    }

    Path write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            put(zip, prefix + "/data.pkl", pickle);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                put(zip, prefix + "/data/" + e.getKey(), e.getValue());
            }
            put(zip, prefix + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
