package org.heartsounds.trainer.imports;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * What {@link PyTorchCheckpointReader} found in a checkpoint.
 *
 * @param stateDict the weights by name in file order (float32, or int64 for integer tensors such as
 *                  {@code num_batches_tracked}), with PyTorch's shapes
 * @param metadata  scalar top-level entries of a checkpoint dictionary ({@code epoch}, {@code arch},
 *                  {@code best_acc1}, ...): String, Number or Boolean; empty for a bare state_dict
 */
public record TorchCheckpoint(Map<String, INDArray> stateDict, Map<String, Object> metadata) {
}
