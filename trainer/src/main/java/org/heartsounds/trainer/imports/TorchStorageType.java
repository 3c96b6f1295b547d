package org.heartsounds.trainer.imports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types of PyTorch storages as they are named in a checkpoint's pickle ({@code torch.FloatStorage},
 * ...), with their size in bytes. Floating types are read as float32, integer and boolean types as int64.
 */
enum TorchStorageType {
    FLOAT("FloatStorage", 4, true),
    DOUBLE("DoubleStorage", 8, true),
    HALF("HalfStorage", 2, true),
    BFLOAT16("BFloat16Storage", 2, true),
    LONG("LongStorage", 8, false),
    INT("IntStorage", 4, false),
    SHORT("ShortStorage", 2, false),
    CHAR("CharStorage", 1, false),
    BYTE("ByteStorage", 1, false),
    BOOL("BoolStorage", 1, false);

    private final String torchName;
    private final int elementBytes;
    private final boolean floating;

    TorchStorageType(String torchName, int elementBytes, boolean floating) {
        this.torchName = torchName;
        this.elementBytes = elementBytes;
        this.floating = floating;
    }

    /** The class name in module {@code torch}, e.g. {@code FloatStorage}. */
    String torchName() {
        return torchName;
    }

    int elementBytes() {
        return elementBytes;
    }

    boolean isFloating() {
        return floating;
    }

    static Optional<TorchStorageType> byTorchName(String name) {
        return Arrays.stream(values()).filter(t -> t.torchName.equals(name)).findFirst();
    }
}
