package org.heartsounds.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/** Small factories for the ONNX protobuf messages bundled in nd4j-api ({@code onnx.Onnx.*}). */
final class OnnxProtos {
    /** ONNX {@code TensorProto.DataType.FLOAT}. */
    static final int FLOAT = 1;

    private OnnxProtos() {
    }

    static Onnx.NodeProto node(String op, String name, List<String> inputs, String output,
                               List<Onnx.AttributeProto> attributes) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output)
                .addAllAttribute(attributes).build();
    }

    static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static Onnx.AttributeProto real(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    /** A float32 initializer with {@code dims}, little-endian {@code raw_data}, from any array of that size. */
    static Onnx.TensorProto floats(String name, INDArray values, long... dims) {
        long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (values.length() != count) {
            throw new IllegalArgumentException(name + ": " + values.length() + " values for dims "
                    + Arrays.toString(dims));
        }
        float[] data = Nd4j.toFlattened('c', values.castTo(DataType.FLOAT)).toFloatVector();
        ByteBuffer b = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            b.putFloat(v);
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A float32 tensor value with static dims. */
    static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }
}
