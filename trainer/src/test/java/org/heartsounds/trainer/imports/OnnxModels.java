package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Test helper: small ONNX models built with the protobuf builders bundled in nd4j-api (public for other packages' tests). */
public final class OnnxModels {
    private OnnxModels() {
    }

    public static Onnx.TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(1)
                .addAllDims(box(dims)).setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** Same, through the typed float_data field instead of raw_data. */
    public static Onnx.TensorProto floatsTyped(String name, long[] dims, float[] values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(box(dims));
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    public static Onnx.TensorProto int64s(String name, long... values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(7)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    public static Onnx.AttributeProto ints(String name, long... values) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS)
                .addAllInts(box(values)).build();
    }

    public static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    public static Onnx.AttributeProto real(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    public static Onnx.NodeProto node(String op, String name, List<String> inputs, String output,
                               Onnx.AttributeProto... attributes) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    /** A float tensor value; each dim is a Long (static) or a String (symbolic). */
    public static Onnx.ValueInfoProto value(String name, Object... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    public static byte[] model(int opset, Onnx.ValueInfoProto input, Onnx.ValueInfoProto output,
                        List<Onnx.TensorProto> initializers, List<Onnx.NodeProto> nodes) {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder().setName("test").addInput(input).addOutput(output)
                .addAllInitializer(initializers).addAllNode(nodes).build();
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("heartsounds-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build().toByteArray();
    }

    private static List<Long> box(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
