package org.heartsounds.trainer.imports;

import org.heartsounds.core.BadInputException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch checkpoints in the zip-based format of {@code torch.save} (torch >= 1.6) in plain Java, without
 * Python: the archive's {@code <prefix>/data.pkl} is unpickled with a restricted razorvine unpickler (see
 * {@link RestrictedTorchUnpickler}: only {@code OrderedDict}, tensors and storages are recognised, any other Python
 * global is refused, nothing is executed) and the tensors are read from the raw storages {@code <prefix>/data/<key>}.
 *
 * <p>Accepted layouts: a bare {@code state_dict} ({@code torch.save(model.state_dict())}, e.g. torchvision's
 * published weights) and a checkpoint dictionary whose {@code state_dict} (or {@code model_state_dict} /
 * {@code model}) entry holds the weights, such as jetson-inference's {@code checkpoint.pth.tar} and
 * {@code model_best.pth.tar} (other entries like {@code epoch}, {@code arch}, {@code best_acc1} and
 * {@code optimizer} may be present; scalar ones are returned as metadata, the rest is ignored). A {@code module.}
 * prefix on every key (from {@code DataParallel}) is removed. The legacy pre-1.6 format is rejected with a hint to
 * re-save. Sizes are bounded by {@link Limits}. The torch archive layout and persistent-id protocol are handled here
 * by hand because no maintained Java library reads them.
 */
public final class PyTorchCheckpointReader {
    /** The magic number pickled at the start of legacy (pre-1.6) torch files, as LONG1 little-endian bytes. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc,
            (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
    private static final List<String> STATE_DICT_KEYS = List.of("state_dict", "model_state_dict", "model");
    private static final String DATA_PARALLEL_PREFIX = "module.";

    /**
     * Bounds on untrusted input.
     *
     * @param maxPickleBytes     largest accepted {@code data.pkl}
     * @param maxTensors         most tensors the pickle may describe (including optimizer state)
     * @param maxTensorBytes     most storage bytes read in total
     * @param maxArchiveEntries  most entries in the zip archive
     */
    public record Limits(long maxPickleBytes, int maxTensors, long maxTensorBytes, int maxArchiveEntries) {
        /** 64 MiB of pickle, 100,000 tensors, 2 GiB of tensor data, 200,000 archive entries. */
        public static final Limits DEFAULT = new Limits(64L << 20, 100_000, 2L << 30, 200_000);

        public Limits {
            if (maxPickleBytes <= 0 || maxTensors <= 0 || maxTensorBytes <= 0 || maxArchiveEntries <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final Limits limits;

    public PyTorchCheckpointReader() {
        this(Limits.DEFAULT);
    }

    public PyTorchCheckpointReader(Limits limits) {
        this.limits = limits;
    }

    /** Reads the weights of a checkpoint, in the file's order, keys without a {@code module.} prefix. */
    public Map<String, INDArray> readStateDict(Path file) {
        return read(file).stateDict();
    }

    /** Reads the weights and the scalar metadata (epoch, arch, best_acc1, ...) of a checkpoint. */
    public TorchCheckpoint read(Path file) {
        checkFormat(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            ByteOrder order = byteOrder(file, zip, prefix);
            RestrictedTorchUnpickler unpickler = new RestrictedTorchUnpickler(file.toString(), limits.maxTensors());
            Object root = unpickle(file, unpickler, readPickle(file, zip, prefix + "data.pkl"));
            TorchStorageReader storages = new TorchStorageReader(file, zip, prefix, order, limits.maxTensorBytes());
            return assemble(file, root, storages);
        } catch (ZipException e) {
            throw new BadInputException(file, "corrupt zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkFormat(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(LEGACY_MAGIC.length);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return;
        }
        if (Arrays.equals(head, LEGACY_MAGIC) || (head.length > 0 && head[0] == (byte) 0x80)) {
            throw new BadInputException(file,
                    "legacy (pre-1.6) PyTorch format not supported; re-save with torch>=1.6");
        }
        throw new BadInputException(file, "not a PyTorch checkpoint (expected the zip archive torch.save writes)");
    }

    private String archivePrefix(Path file, ZipFile zip) {
        if (zip.size() > limits.maxArchiveEntries()) {
            throw new BadInputException(file, "archive has " + zip.size() + " entries, more than "
                    + limits.maxArchiveEntries());
        }
        List<String> pickles = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                pickles.add(name);
            }
        }
        if (pickles.size() != 1) {
            throw new BadInputException(file, pickles.isEmpty()
                    ? "zip archive has no <name>/data.pkl: not a torch.save checkpoint"
                    : "zip archive has several data.pkl entries: " + pickles);
        }
        String name = pickles.get(0);
        return name.substring(0, name.length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String value;
        try (InputStream in = zip.getInputStream(entry)) {
            value = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
        }
        return switch (value) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new BadInputException(file, "unknown byteorder '" + value + "'");
        };
    }

    private byte[] readPickle(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry.getSize() > limits.maxPickleBytes()) {
            throw new BadInputException(file, name + " has " + entry.getSize() + " bytes, more than the limit of "
                    + limits.maxPickleBytes());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) Math.min(limits.maxPickleBytes() + 1, Integer.MAX_VALUE - 16));
            if (data.length > limits.maxPickleBytes()) {
                throw new BadInputException(file, name + " exceeds the limit of " + limits.maxPickleBytes()
                        + " bytes");
            }
            return data;
        }
    }

    private static Object unpickle(Path file, RestrictedTorchUnpickler unpickler, byte[] pickle) {
        try {
            return unpickler.loads(pickle);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "malformed pickle data in data.pkl: " + e, e);
        } finally {
            unpickler.close();
        }
    }

    private static TorchCheckpoint assemble(Path file, Object root, TorchStorageReader storages)
            throws IOException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new BadInputException(file, "checkpoint is a " + typeName(root) + ", not a dictionary");
        }
        String stateDictKey = null;
        Map<?, ?> weights;
        if (isTensorDict(top)) {
            weights = top;
        } else {
            stateDictKey = STATE_DICT_KEYS.stream().filter(k -> top.get(k) instanceof Map<?, ?> m && isTensorDict(m))
                    .findFirst().orElseThrow(() -> new BadInputException(file,
                            "no state_dict found (a dictionary of tensors at the top level or under one of "
                                    + STATE_DICT_KEYS + "); top-level keys: " + top.keySet()));
            weights = (Map<?, ?>) top.get(stateDictKey);
        }
        boolean strip = weights.keySet().stream().allMatch(k -> ((String) k).startsWith(DATA_PARALLEL_PREFIX));
        Map<String, INDArray> stateDict = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : weights.entrySet()) {
            String key = (String) e.getKey();
            stateDict.put(strip ? key.substring(DATA_PARALLEL_PREFIX.length()) : key,
                    storages.read((TorchTensorRef) e.getValue()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (stateDictKey != null) {
            for (Map.Entry<?, ?> e : top.entrySet()) {
                Object scalar = scalarValue(e.getValue(), storages);
                if (!stateDictKey.equals(e.getKey()) && e.getKey() instanceof String key && scalar != null) {
                    metadata.put(key, scalar);
                }
            }
        }
        return new TorchCheckpoint(Collections.unmodifiableMap(stateDict), Collections.unmodifiableMap(metadata));
    }

    /** Strings, numbers, booleans, and one-element tensors (as Double or Long); null for anything else. */
    private static Object scalarValue(Object value, TorchStorageReader storages) throws IOException {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof TorchTensorRef tensor && tensor.numel() == 1) {
            INDArray array = storages.read(tensor);
            return tensor.storage().type().isFloating() ? (Object) array.getDouble(0) : (Object) array.getLong(0);
        }
        return null;
    }

    private static boolean isTensorDict(Map<?, ?> map) {
        return !map.isEmpty() && map.entrySet().stream()
                .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof TorchTensorRef);
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
