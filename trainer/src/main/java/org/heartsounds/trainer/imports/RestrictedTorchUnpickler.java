package org.heartsounds.trainer.imports;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.heartsounds.core.BadInputException;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Unpickler} (razorvine pickle) restricted to what a PyTorch {@code state_dict} checkpoint needs. Python
 * globals are resolved against a fixed allow-list ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_tensor},
 * {@code torch._utils._rebuild_parameter}, {@code torch.<Type>Storage}); any other global, and the opcodes that
 * instantiate classes by name ({@code INST}), are refused with a {@link BadInputException} naming them. razorvine's
 * own global registry (which would otherwise build {@code ClassDict}s for unknown classes, and knows e.g.
 * {@code copy_reg._reconstructor}) is never consulted, and {@code BUILD} never calls {@code __setstate__} by
 * reflection. Dictionaries keep their insertion order. Length-prefixed strings and byte strings are checked
 * against the remaining input before anything is allocated. Nothing from the file is ever executed.
 */
final class RestrictedTorchUnpickler extends Unpickler {
    private static final short GLOBAL = 'c';
    private static final short STACK_GLOBAL = 0x93;
    private static final short INST = 'i';
    private static final short BUILD = 'b';
    private static final short EMPTY_DICT = '}';
    private static final short DICT = 'd';
    private static final short SETITEMS = 'u';
    private static final short BINSTRING = 'T';
    private static final short BINUNICODE = 'X';
    private static final short BINBYTES = 'B';
    private static final short LONG4 = 0x8b;
    private static final short BINUNICODE8 = 0x8d;
    private static final short BINBYTES8 = 0x8e;
    private static final short BYTEARRAY8 = 0x96;

    private final String source;
    private final int maxTensors;
    private final Map<String, TorchStorageRef> storages = new HashMap<>();
    private int tensorCount;

    RestrictedTorchUnpickler(String source, int maxTensors) {
        this.source = source;
        this.maxTensors = maxTensors;
    }

    /** The storages referenced so far, by key. */
    Map<String, TorchStorageRef> storages() {
        return storages;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolveGlobal(module, name));
                return NO_RETURN_VALUE;
            }
            case STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw bad("STACK_GLOBAL with non-string module or name");
                }
                stack.add(resolveGlobal(m, n));
                return NO_RETURN_VALUE;
            }
            case INST -> throw bad("pickle opcode INST (instantiate a class by name) is not allowed");
            case BUILD -> {
                build();
                return NO_RETURN_VALUE;
            }
            case EMPTY_DICT -> {
                stack.add(new LinkedHashMap<>());
                return NO_RETURN_VALUE;
            }
            case DICT -> {
                stack.add(putAll(new LinkedHashMap<>(), stack.pop_all_since_marker()));
                return NO_RETURN_VALUE;
            }
            case SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putAll(asMap(stack.peek(), "SETITEMS"), items);
                return NO_RETURN_VALUE;
            }
            case BINSTRING, BINUNICODE, BINBYTES, LONG4 -> checkLength(4);
            case BINUNICODE8, BINBYTES8, BYTEARRAY8 -> checkLength(8);
            default -> {
            }
        }
        return super.dispatch(key);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
            throw bad("unsupported persistent id " + describe(pid) + " (expected ('storage', type, key, location, numel))");
        }
        if (!(t[1] instanceof StorageTypeToken type) || !(t[2] instanceof String storageKey)
                || !(t[3] instanceof String location) || !(t[4] instanceof Number numel)) {
            throw bad("malformed storage persistent id " + describe(pid));
        }
        if (!storageKey.matches("[A-Za-z0-9_]{1,64}")) {
            throw bad("invalid storage key '" + storageKey + "'");
        }
        long n = numel.longValue();
        if (n < 0) {
            throw bad("storage " + storageKey + " has negative size " + n);
        }
        TorchStorageRef ref = new TorchStorageRef(type.type(), storageKey, location, n);
        TorchStorageRef previous = storages.putIfAbsent(storageKey, ref);
        if (previous != null && !previous.equals(ref)) {
            throw bad("storage " + storageKey + " is declared twice with different types or sizes");
        }
        return previous != null ? previous : ref;
    }

    private IObjectConstructor resolveGlobal(String module, String name) {
        String qualified = module + "." + name;
        switch (qualified) {
            case "collections.OrderedDict":
                return args -> {
                    if (args.length != 0) {
                        throw bad("collections.OrderedDict called with arguments");
                    }
                    return new LinkedHashMap<>();
                };
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return this::rebuildTensor;
            case "torch._utils._rebuild_parameter":
                return args -> {
                    if (args.length < 1 || !(args[0] instanceof TorchTensorRef tensor)) {
                        throw bad("_rebuild_parameter without a tensor");
                    }
                    return tensor;
                };
            default:
                if (module.equals("torch")) {
                    var type = TorchStorageType.byTorchName(name);
                    if (type.isPresent()) {
                        return new StorageTypeToken(type.get());
                    }
                }
                throw bad("refusing to unpickle Python global '" + qualified
                        + "': not part of a PyTorch state_dict (only tensors, storages and plain containers are read)");
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorageRef storage) || !(args[1] instanceof Number offset)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)) {
            throw bad("malformed _rebuild_tensor arguments");
        }
        if (++tensorCount > maxTensors) {
            throw bad("more than " + maxTensors + " tensors");
        }
        if (size.length != stride.length || size.length > 8) {
            throw bad("tensor with " + size.length + " dimensions and " + stride.length + " strides");
        }
        long[] shape = toLongs(size, "size");
        long[] strides = toLongs(stride, "stride");
        TorchTensorRef tensor = new TorchTensorRef(storage, offset.longValue(), shape, strides);
        try {
            if (tensor.offset() < 0 || tensor.endIndex() > storage.numel()) {
                throw bad("tensor of shape " + tensor.shapeString() + " at offset " + tensor.offset()
                        + " exceeds storage " + storage.key() + " of " + storage.numel() + " elements");
            }
        } catch (ArithmeticException e) {
            throw bad("tensor of shape " + tensor.shapeString() + " is too large");
        }
        return tensor;
    }

    private long[] toLongs(Object[] values, String what) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof Number n) || n.longValue() < 0) {
                throw bad("tensor " + what + " entry " + describe(values[i]) + " is not a non-negative integer");
            }
            out[i] = n.longValue();
        }
        return out;
    }

    /** BUILD on an OrderedDict carries its attributes (torch's {@code _metadata}); those are dropped. */
    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof Map) || !(state instanceof Map)) {
            throw bad("pickle BUILD on " + describe(target) + " is not supported");
        }
    }

    private void checkLength(int bytes) throws IOException {
        input.mark(bytes);
        byte[] raw = input.readNBytes(bytes);
        input.reset();
        if (raw.length < bytes) {
            throw bad("pickle data truncated");
        }
        long length = bytes == 4 ? PickleUtils.bytes_to_integer(raw) : PickleUtils.bytes_to_long(raw, 0);
        if (length < 0 || length > input.available() - bytes) {
            throw bad("pickle string of " + length + " bytes exceeds the data (truncated or corrupt)");
        }
    }

    private Map<Object, Object> putAll(Map<Object, Object> map, List<Object> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw bad("odd number of dictionary items");
        }
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            map.put(keysAndValues.get(i), keysAndValues.get(i + 1));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o, String op) {
        if (!(o instanceof Map)) {
            throw bad(op + " on " + describe(o));
        }
        return (Map<Object, Object>) o;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private BadInputException bad(String problem) {
        return new BadInputException(source, problem);
    }

    /** A {@code torch.<Type>Storage} class object; it only serves as a type tag inside persistent ids. */
    record StorageTypeToken(TorchStorageType type) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new net.razorvine.pickle.PickleException("torch." + type.torchName() + " cannot be called");
        }
    }
}
