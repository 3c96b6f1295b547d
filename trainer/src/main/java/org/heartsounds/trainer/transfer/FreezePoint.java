package org.heartsounds.trainer.transfer;

import org.heartsounds.core.config.TrainSpec;
import org.heartsounds.trainer.model.ResNet18;

/** Where a {@link TrainSpec.Freeze} policy stops freezing ResNet-18: the last frozen vertex. */
public final class FreezePoint {
    private FreezePoint() {
    }

    /** The last frozen vertex (it and all its ancestors keep their weights), or null for {@code none}. */
    public static String vertexOf(TrainSpec.Freeze freeze) {
        return switch (freeze) {
            case NONE -> null;
            case STEM -> "maxpool";
            case LAYER1 -> ResNet18.blockPrefix(1, 1) + ".relu2";
            case LAYER2 -> ResNet18.blockPrefix(2, 1) + ".relu2";
            case LAYER3 -> ResNet18.blockPrefix(3, 1) + ".relu2";
            case LAYER4 -> ResNet18.POOL;
        };
    }

    /** Whether everything below the head is frozen, so features can be computed once. */
    public static boolean allBelowHead(TrainSpec.Freeze freeze) {
        return freeze == TrainSpec.Freeze.LAYER4;
    }
}
