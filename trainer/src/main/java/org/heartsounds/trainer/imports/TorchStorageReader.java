package org.heartsounds.trainer.imports;

import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads tensors out of the raw storages of a torch zip checkpoint ({@code <prefix>/data/<key>}, little-endian
 * unless the archive's {@code byteorder} entry says otherwise): floating storages become float32 arrays
 * (float64, float16 and bfloat16 converted), integer and boolean storages int64 arrays. Storage entries must be
 * exactly {@code numel * elementSize} bytes; the total number of storage bytes read is bounded.
 */
final class TorchStorageReader {
    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder order;
    private final long maxTotalBytes;
    private final Map<String, ByteBuffer> loaded = new HashMap<>();
    private long totalBytes;

    TorchStorageReader(Path file, ZipFile zip, String prefix, ByteOrder order, long maxTotalBytes) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.order = order;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** Reads the tensor into a new array of its shape. */
    INDArray read(TorchTensorRef tensor) throws IOException {
        ByteBuffer data = storageBytes(tensor.storage());
        long numel = tensor.numel();
        if (numel > Integer.MAX_VALUE) {
            throw new BadInputException(file, "tensor of shape " + tensor.shapeString() + " is too large");
        }
        long[] index = tensor.isContiguous() ? null : stridedIndices(tensor, (int) numel);
        long offset = tensor.offset();
        TorchStorageType type = tensor.storage().type();
        if (type.isFloating()) {
            float[] values = new float[(int) numel];
            for (int i = 0; i < values.length; i++) {
                values[i] = readFloat(data, type, index == null ? offset + i : index[i]);
            }
            return shaped(Nd4j.createFromArray(values), tensor.shape(), DataType.FLOAT);
        }
        long[] values = new long[(int) numel];
        for (int i = 0; i < values.length; i++) {
            values[i] = readInteger(data, type, index == null ? offset + i : index[i]);
        }
        return shaped(Nd4j.createFromArray(values), tensor.shape(), DataType.LONG);
    }

    private static INDArray shaped(INDArray flat, long[] shape, DataType type) {
        if (flat.length() == 0) {
            return Nd4j.create(type, shape);
        }
        return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
    }

    /** Storage element index of every element of a non-contiguous view, in row-major order. */
    private static long[] stridedIndices(TorchTensorRef tensor, int numel) {
        long[] out = new long[numel];
        long[] shape = tensor.shape();
        long[] stride = tensor.stride();
        long[] counter = new long[shape.length];
        long position = tensor.offset();
        for (int i = 0; i < numel; i++) {
            out[i] = position;
            for (int d = shape.length - 1; d >= 0; d--) {
                counter[d]++;
                position += stride[d];
                if (counter[d] < shape[d]) {
                    break;
                }
                position -= stride[d] * shape[d];
                counter[d] = 0;
            }
        }
        return out;
    }

    private ByteBuffer storageBytes(TorchStorageRef storage) throws IOException {
        ByteBuffer cached = loaded.get(storage.key());
        if (cached != null) {
            return cached;
        }
        String name = prefix + "data/" + storage.key();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BadInputException(file, "storage entry '" + name + "' is missing from the archive");
        }
        long expected = storage.byteSize();
        if (entry.getSize() != expected) {
            throw new BadInputException(file, "storage '" + name + "' has " + entry.getSize() + " bytes, expected "
                    + expected + " (" + storage.numel() + " x " + storage.type().torchName() + ")");
        }
        if (expected > Integer.MAX_VALUE - 16 || totalBytes + expected > maxTotalBytes) {
            throw new BadInputException(file, "tensor data exceeds the limit of " + maxTotalBytes + " bytes");
        }
        totalBytes += expected;
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) expected);
            if (bytes.length != expected || in.read() != -1) {
                throw new BadInputException(file, "storage '" + name + "' does not hold " + expected + " bytes");
            }
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
        loaded.put(storage.key(), buffer);
        return buffer;
    }

    private static float readFloat(ByteBuffer data, TorchStorageType type, long index) {
        int i = (int) index;
        return switch (type) {
            case FLOAT -> data.getFloat(i * 4);
            case DOUBLE -> (float) data.getDouble(i * 8);
            case HALF -> halfToFloat(data.getShort(i * 2));
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16);
            default -> throw new IllegalStateException("not a floating type: " + type);
        };
    }

    private static long readInteger(ByteBuffer data, TorchStorageType type, long index) {
        int i = (int) index;
        return switch (type) {
            case LONG -> data.getLong(i * 8);
            case INT -> data.getInt(i * 4);
            case SHORT -> data.getShort(i * 2);
            case CHAR -> data.get(i);
            case BYTE, BOOL -> data.get(i) & 0xff;
            default -> throw new IllegalStateException("not an integer type: " + type);
        };
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mantissa * 0x1p-24f;
            return sign != 0 ? -value : value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
