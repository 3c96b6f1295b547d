package org.heartsounds.trainer.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.heartsounds.core.BadInputException;
import org.junit.jupiter.api.Test;

class WeightsCatalogTest {
    @Test
    void resnet18ImagenetIsTorchvisionsOfficialCheckpoint() {
        PretrainedWeights w = WeightsCatalog.builtIn().require("resnet18-imagenet");
        assertEquals("resnet18-f37072fd.pth", w.file().fileName());
        assertEquals(URI.create("https://download.pytorch.org/models/resnet18-f37072fd.pth"), w.file().url());
        assertEquals(46_830_571L, w.size());
        assertEquals("f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec", w.sha256());
        assertEquals("torchvision state_dict", w.format());
        assertEquals(1000, w.classes());
        assertEquals(List.of("resnet18-imagenet"), WeightsCatalog.builtIn().names());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightsCatalog.builtIn().require("nosuch"));
        assertEquals("nosuch", e.source());
        assertEquals("unknown weights; known weights: resnet18-imagenet", e.problem());
    }

    @Test
    void duplicateNamesAreRejected() {
        PretrainedWeights w = WeightsCatalog.builtIn().require("resnet18-imagenet");
        assertThrows(IllegalArgumentException.class, () -> new WeightsCatalog(List.of(w, w)));
    }
}
