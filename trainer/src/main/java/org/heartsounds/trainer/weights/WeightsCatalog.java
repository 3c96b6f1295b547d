package org.heartsounds.trainer.weights;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.heartsounds.core.BadInputException;
import org.heartsounds.data.fetch.PinnedFile;

/** The pretrained weight files {@code heartsounds weights} knows, by name. */
public final class WeightsCatalog {
    /** torchvision's ImageNet ResNet-18 ({@code ResNet18_Weights.IMAGENET1K_V1}). */
    public static final String RESNET18_IMAGENET = "resnet18-imagenet";

    private static final PretrainedWeights RESNET18 = new PretrainedWeights(RESNET18_IMAGENET,
            "torchvision ResNet-18 trained on ImageNet-1k (IMAGENET1K_V1, top-1 69.76 %)",
            "torchvision state_dict", 1000,
            new PinnedFile("resnet18-f37072fd.pth", URI.create("https://download.pytorch.org/models/resnet18-f37072fd.pth"),
                    46_830_571L, "f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec"));

    private final Map<String, PretrainedWeights> byName = new LinkedHashMap<>();

    /** A catalog of exactly these entries (tests pin generated files this way). */
    public WeightsCatalog(List<PretrainedWeights> entries) {
        for (PretrainedWeights entry : entries) {
            if (byName.put(entry.name(), entry) != null) {
                throw new IllegalArgumentException("weights " + entry.name() + " defined twice");
            }
        }
    }

    /** The built-in catalog: {@value #RESNET18_IMAGENET}. */
    public static WeightsCatalog builtIn() {
        return new WeightsCatalog(List.of(RESNET18));
    }

    public List<String> names() {
        return List.copyOf(new ArrayList<>(byName.keySet()));
    }

    public List<PretrainedWeights> entries() {
        return List.copyOf(byName.values());
    }

    public Optional<PretrainedWeights> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The named entry, or a {@link BadInputException} listing the known names. */
    public PretrainedWeights require(String name) {
        return find(name).orElseThrow(() -> new BadInputException(name,
                "unknown weights; known weights: " + String.join(", ", byName.keySet())));
    }
}
