package org.heartsounds.trainer.imports;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: writes pickle opcodes by hand (protocol 2 as torch.save emits them, plus STACK_GLOBAL / INST for
 * hostile inputs), and torch tensor records in the form of {@code _rebuild_tensor_v2}.
 */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder proto(int version) {
        return op(0x80).raw(version);
    }

    PickleBuilder global(String module, String name) {
        op('c');
        bytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleBuilder stackGlobal(String module, String name) {
        return str(module).str(name).op(0x93);
    }

    PickleBuilder inst(String module, String name) {
        op('i');
        bytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleBuilder str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        bytes(le(4).putInt(b.length).array());
        return bytes(b);
    }

    /** BINUNICODE with a declared length that the data does not hold. */
    PickleBuilder strWithLength(int declared) {
        op('X');
        return bytes(le(4).putInt(declared).array());
    }

    PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').raw((int) v);
        }
        op('J');
        return bytes(le(4).putInt((int) v).array());
    }

    PickleBuilder real(double v) {
        op('G');
        return bytes(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    }

    PickleBuilder bool(boolean v) {
        return op(v ? 0x88 : 0x89);
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder tuple() {
        return op('t');
    }

    PickleBuilder emptyTuple() {
        return op(')');
    }

    PickleBuilder tuple1() {
        return op(0x85);
    }

    PickleBuilder reduce() {
        return op('R');
    }

    PickleBuilder binpersid() {
        return op('Q');
    }

    PickleBuilder emptyDict() {
        return op('}');
    }

    PickleBuilder setitem() {
        return op('s');
    }

    PickleBuilder setitems() {
        return op('u');
    }

    PickleBuilder emptyList() {
        return op(']');
    }

    PickleBuilder appends() {
        return op('e');
    }

    PickleBuilder build() {
        return op('b');
    }

    PickleBuilder stop() {
        return op('.');
    }

    PickleBuilder longs(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** {@code collections.OrderedDict()}. */
    PickleBuilder orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    PickleBuilder tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple().binpersid();
        integer(offset).longs(size).longs(stride).bool(false).orderedDict();
        return tuple().reduce();
    }

    /** A contiguous tensor over a whole storage. */
    PickleBuilder tensor(String storageType, String key, long... size) {
        long numel = 1;
        long[] stride = new long[size.length];
        for (int i = size.length - 1; i >= 0; i--) {
            stride[i] = numel;
            numel *= size[i];
        }
        return tensor(storageType, key, numel, 0, size, stride);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private PickleBuilder op(int code) {
        out.write(code);
        return this;
    }

    private PickleBuilder raw(int b) {
        out.write(b);
        return this;
    }

    private PickleBuilder bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
