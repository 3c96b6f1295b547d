package org.heartsounds.trainer.imports;

import onnx.Onnx;
import org.heartsounds.core.BadInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One ONNX node with typed, defaulted attribute access and error messages that name the node. */
final class OnnxNode {
    private final Path file;
    private final Onnx.NodeProto proto;
    private final String name;
    private final Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();

    OnnxNode(Path file, Onnx.NodeProto proto, int index) {
        this.file = file;
        this.proto = proto;
        this.name = proto.getName().isEmpty()
                ? (proto.getOutputCount() > 0 ? proto.getOutput(0) : proto.getOpType() + "_" + index)
                : proto.getName();
        for (Onnx.AttributeProto a : proto.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    String name() {
        return name;
    }

    String op() {
        return proto.getOpType();
    }

    String domain() {
        return proto.getDomain();
    }

    /** Input names; optional inputs that are left out appear as empty strings. */
    List<String> inputs() {
        return proto.getInputList();
    }

    String input(int i) {
        return i < proto.getInputCount() ? proto.getInput(i) : "";
    }

    List<String> outputs() {
        return proto.getOutputList();
    }

    String output() {
        return proto.getOutput(0);
    }

    /** Refuses attributes this importer does not interpret (their effect would be silently lost). */
    void allowOnly(Set<String> known) {
        for (String a : attributes.keySet()) {
            if (!known.contains(a)) {
                throw unsupported("attribute '" + a + "'");
            }
        }
    }

    long intAttr(String key, long fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getI();
    }

    float floatAttr(String key, float fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getF();
    }

    String stringAttr(String key, String fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** An INTS attribute, or null when absent. */
    long[] intsAttr(String key) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    Onnx.TensorProto tensorAttr(String key) {
        Onnx.AttributeProto a = attributes.get(key);
        if (a == null || !a.hasT()) {
            throw bad("lacks tensor attribute '" + key + "'");
        }
        return a.getT();
    }

    /** The op itself is not supported: "unsupported ONNX op 'Op' at node 'name'". */
    BadInputException unsupportedOp() {
        return new BadInputException(file, "unsupported ONNX op '" + op() + "' at node '" + name + "'");
    }

    /** The op is supported but not in this configuration (an attribute value, a broadcast, ...). */
    BadInputException unsupported(String detail) {
        return new BadInputException(file, "ONNX op '" + op() + "' at node '" + name
                + "' uses an unsupported configuration: " + detail);
    }

    BadInputException bad(String problem) {
        return new BadInputException(file, "ONNX node '" + name + "' (" + op() + ") " + problem);
    }
}
