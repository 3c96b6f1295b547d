package org.heartsounds.trainer.imports;

/**
 * A storage referenced from a checkpoint's pickle through its persistent id
 * {@code ('storage', torch.<Type>Storage, key, location, numel)}; its bytes are the archive entry
 * {@code <prefix>/data/<key>}.
 */
record TorchStorageRef(TorchStorageType type, String key, String location, long numel) {
    long byteSize() {
        return numel * type.elementBytes();
    }
}
