package org.heartsounds.trainer.imports;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view (offset, shape, strides, in elements)
 * of a storage. Created while unpickling without touching the storage bytes; read later by
 * {@link TorchStorageReader} only for the tensors that are wanted.
 */
record TorchTensorRef(TorchStorageRef storage, long offset, long[] shape, long[] stride) {
    /** Number of elements (1 for a 0-d tensor). */
    long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Index one past the last storage element this view touches (offset for an empty tensor). */
    long endIndex() {
        if (numel() == 0) {
            return offset;
        }
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
        }
        return last + 1;
    }

    /** Whether the view is the row-major layout of {@code shape} (so it is one contiguous run of elements). */
    boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    String shapeString() {
        return Arrays.toString(shape);
    }
}
