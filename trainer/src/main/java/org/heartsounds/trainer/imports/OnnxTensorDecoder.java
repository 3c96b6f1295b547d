package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts ONNX {@code TensorProto}s (initializers and {@code Constant} values) into ND4J arrays: FLOAT, DOUBLE
 * and FLOAT16 become float32, INT64 and INT32 become int64; from {@code raw_data} (little-endian) or the typed
 * repeated fields. External data and other element types are refused.
 */
final class OnnxTensorDecoder {
    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;
    private static final int DOUBLE = 11;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    private final Path file;

    OnnxTensorDecoder(Path file) {
        this.file = file;
    }

    INDArray decode(Onnx.TensorProto t, String what) {
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw bad(what, "uses external data, which is not supported");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw bad(what, "has negative dimension in " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
            if (numel > MAX_ELEMENTS) {
                throw bad(what, "is too large: " + Arrays.toString(shape));
            }
        }
        int n = (int) numel;
        boolean raw = !t.getRawData().isEmpty() || n == 0;
        ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case FLOAT, DOUBLE, FLOAT16 -> {
                float[] v = new float[n];
                int elementBytes = t.getDataType() == FLOAT ? 4 : t.getDataType() == DOUBLE ? 8 : 2;
                checkCount(what, raw ? bytes.remaining() / (long) elementBytes : typedCount(t), n,
                        raw && bytes.remaining() % elementBytes != 0);
                for (int i = 0; i < n; i++) {
                    v[i] = switch (t.getDataType()) {
                        case FLOAT -> raw ? bytes.getFloat(i * 4) : t.getFloatData(i);
                        case DOUBLE -> (float) (raw ? bytes.getDouble(i * 8) : t.getDoubleData(i));
                        default -> TorchStorageReader.halfToFloat(raw ? bytes.getShort(i * 2) : (short) t.getInt32Data(i));
                    };
                }
                return shaped(Nd4j.createFromArray(v), shape, DataType.FLOAT);
            }
            case INT64, INT32 -> {
                long[] v = new long[n];
                int elementBytes = t.getDataType() == INT64 ? 8 : 4;
                checkCount(what, raw ? bytes.remaining() / (long) elementBytes : typedCount(t), n,
                        raw && bytes.remaining() % elementBytes != 0);
                for (int i = 0; i < n; i++) {
                    v[i] = t.getDataType() == INT64 ? (raw ? bytes.getLong(i * 8) : t.getInt64Data(i))
                            : (raw ? bytes.getInt(i * 4) : t.getInt32Data(i));
                }
                return shaped(Nd4j.createFromArray(v), shape, DataType.LONG);
            }
            default -> throw bad(what, "has unsupported element type " + t.getDataType());
        }
    }

    private static long typedCount(Onnx.TensorProto t) {
        return switch (t.getDataType()) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    private void checkCount(String what, long have, int want, boolean ragged) {
        if (have != want || ragged) {
            throw bad(what, "holds " + have + " values, its shape needs " + want);
        }
    }

    private static INDArray shaped(INDArray flat, long[] shape, DataType type) {
        if (flat.length() == 0) {
            return Nd4j.create(type, shape);
        }
        return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
    }

    private BadInputException bad(String what, String problem) {
        return new BadInputException(file, "tensor '" + what + "' " + problem);
    }
}
