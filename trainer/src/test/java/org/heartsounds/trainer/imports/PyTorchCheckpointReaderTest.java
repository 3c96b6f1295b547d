package org.heartsounds.trainer.imports;

import org.heartsounds.core.BadInputException;
import org.heartsounds.trainer.testing.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyTorchCheckpointReaderTest {
    @TempDir
    Path tmp;

    private final PyTorchCheckpointReader reader = new PyTorchCheckpointReader();

    /** jetson-inference's checkpoint.pth.tar layout, with a DataParallel "module." prefix. */
    @Test
    void readsJetsonStyleCheckpointDictionary() throws IOException {
        PickleBuilder p = new PickleBuilder().proto(2).emptyDict().mark();
        p.str("epoch").integer(35);
        p.str("arch").str("resnet18");
        p.str("state_dict").orderedDict().mark()
                .str("module.conv1.weight").tensor("FloatStorage", "0", 2, 3)
                .str("module.bn1.running_var").tensor("DoubleStorage", "1", 2)
                .str("module.bn1.num_batches_tracked").tensor("LongStorage", "2")
                .str("module.fc.weight").tensor("HalfStorage", "3", 2)
                .setitems();
        p.str("best_acc1").tensor("FloatStorage", "4");
        p.str("optimizer").emptyDict().mark()
                .str("state").emptyDict().integer(0).emptyDict().str("momentum_buffer").tensor("FloatStorage", "5", 2)
                .setitem().setitem()
                .str("param_groups").emptyList().mark().emptyDict().str("lr").real(0.1).setitem()
                .str("params").emptyList().mark().integer(0).appends().setitem().appends()
                .setitems();
        p.setitems().stop();
        Path file = new TorchZipBuilder("checkpoint").pickle(p.toBytes())
                .floats("0", 1, 2, 3, 4, 5, 6)
                .doubles("1", 0.25, 1e10)
                .longs("2", 1234)
                .halves("3", (short) 0x3c00, (short) 0xc000) // 1.0, -2.0
                .floats("4", 87.5f)
                .floats("5", 9, 9)
                .write(tmp.resolve("checkpoint.pth.tar"));

        TorchCheckpoint ckpt = reader.read(file);
        Map<String, INDArray> sd = ckpt.stateDict();
        assertEquals(List.of("conv1.weight", "bn1.running_var", "bn1.num_batches_tracked", "fc.weight"),
                List.copyOf(sd.keySet()), "file order, module. prefix removed");
        INDArray w = sd.get("conv1.weight");
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertEquals(DataType.FLOAT, w.dataType());
        assertEquals(6f, w.getFloat(1, 2));
        assertEquals(DataType.FLOAT, sd.get("bn1.running_var").dataType());
        assertEquals(1e10f, sd.get("bn1.running_var").getFloat(1), 1e3);
        assertEquals(DataType.LONG, sd.get("bn1.num_batches_tracked").dataType());
        assertEquals(0, sd.get("bn1.num_batches_tracked").rank());
        assertEquals(1234L, sd.get("bn1.num_batches_tracked").getLong(0));
        assertEquals(-2f, sd.get("fc.weight").getFloat(1));
        assertEquals(Map.of("epoch", 35, "arch", "resnet18", "best_acc1", 87.5), ckpt.metadata());
    }

    @Test
    void readsStridedViewsAndOffsetsIntoSharedStorage() throws IOException {
        PickleBuilder p = new PickleBuilder().proto(2).orderedDict().mark()
                .str("t").tensor("FloatStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3}) // transpose
                .str("tail").tensor("FloatStorage", "0", 6, 4, new long[] {2}, new long[] {1})
                .setitems().stop();
        Path file = new TorchZipBuilder("archive").pickle(p.toBytes()).floats("0", 0, 1, 2, 3, 4, 5)
                .write(tmp.resolve("views.pth"));
        Map<String, INDArray> sd = reader.readStateDict(file);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, sd.get("t").dup('c').data().asFloat());
        assertArrayEquals(new float[] {4, 5}, sd.get("tail").data().asFloat());
    }

    @Test
    void refusesForeignGlobalWithoutRunningIt() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] evil = new PickleBuilder().proto(2).global("os", "system")
                .str("touch " + marker).tuple1().reduce().stop().toBytes();
        Path file = new TorchZipBuilder("archive").pickle(evil).write(tmp.resolve("evil.pth"));
        BadInputException e = assertThrows(BadInputException.class, () -> reader.read(file));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(Files.exists(marker), "nothing may be executed");
    }

    @Test
    void refusesForeignGlobalInsideStateDictAndViaStackGlobalAndInst() throws IOException {
        byte[] nested = new PickleBuilder().proto(2).orderedDict().mark()
                .str("w").global("builtins", "eval").str("1+1").tuple1().reduce().setitems().stop().toBytes();
        byte[] stackGlobal = new PickleBuilder().proto(4).stackGlobal("subprocess", "Popen").emptyTuple().reduce()
                .stop().toBytes();
        byte[] inst = new PickleBuilder().proto(2).mark().inst("os", "system").stop().toBytes();
        // razorvine's own registry knows copy_reg._reconstructor; it must not be reachable either
        byte[] registry = new PickleBuilder().proto(2).global("copy_reg", "_reconstructor").stop().toBytes();
        String[] expected = {"builtins.eval", "subprocess.Popen", "INST", "copy_reg._reconstructor"};
        byte[][] pickles = {nested, stackGlobal, inst, registry};
        for (int i = 0; i < pickles.length; i++) {
            Path file = new TorchZipBuilder("archive").pickle(pickles[i]).write(tmp.resolve("evil" + i + ".pth"));
            BadInputException e = assertThrows(BadInputException.class, () -> reader.read(file));
            assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
        }
    }

    @Test
    void detectsLegacyFormat() throws IOException {
        byte[] legacy = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
                0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};
        Path file = Files.write(tmp.resolve("old.pth"), legacy);
        BadInputException e = assertThrows(BadInputException.class, () -> reader.read(file));
        assertEquals("legacy (pre-1.6) PyTorch format not supported; re-save with torch>=1.6", e.problem());
        Path text = Files.writeString(tmp.resolve("notes.pth"), "hello");
        assertTrue(assertThrows(BadInputException.class, () -> reader.read(text)).problem()
                .startsWith("not a PyTorch checkpoint"));
    }

    @Test
    void rejectsInconsistentStoragesAndLimits() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).orderedDict().mark()
                .str("a").tensor("FloatStorage", "0", 4).str("b").tensor("FloatStorage", "1", 2)
                .setitems().stop().toBytes();
        Path shortStorage = new TorchZipBuilder("archive").pickle(pickle).floats("0", 1, 2, 3).floats("1", 1, 2)
                .write(tmp.resolve("short.pth"));
        assertEquals("storage 'archive/data/0' has 12 bytes, expected 16 (4 x FloatStorage)",
                assertThrows(BadInputException.class, () -> reader.read(shortStorage)).problem());

        Path missing = new TorchZipBuilder("archive").pickle(pickle).floats("0", 1, 2, 3, 4)
                .write(tmp.resolve("missing.pth"));
        assertEquals("storage entry 'archive/data/1' is missing from the archive",
                assertThrows(BadInputException.class, () -> reader.read(missing)).problem());

        byte[] overrun = new PickleBuilder().proto(2).orderedDict().mark()
                .str("a").tensor("FloatStorage", "0", 4, 2, new long[] {3}, new long[] {1}).setitems().stop().toBytes();
        Path outOfBounds = new TorchZipBuilder("archive").pickle(overrun).floats("0", 1, 2, 3, 4)
                .write(tmp.resolve("overrun.pth"));
        assertTrue(assertThrows(BadInputException.class, () -> reader.read(outOfBounds)).problem()
                .contains("exceeds storage 0 of 4 elements"));

        Path ok = new TorchZipBuilder("archive").pickle(pickle).floats("0", 1, 2, 3, 4).floats("1", 1, 2)
                .write(tmp.resolve("ok.pth"));
        assertEquals(2, reader.readStateDict(ok).size());
        var oneTensor = new PyTorchCheckpointReader(new PyTorchCheckpointReader.Limits(1 << 20, 1, 1 << 20, 100));
        assertEquals("more than 1 tensors", assertThrows(BadInputException.class, () -> oneTensor.read(ok)).problem());
        var fewBytes = new PyTorchCheckpointReader(new PyTorchCheckpointReader.Limits(1 << 20, 10, 20, 100));
        assertEquals("tensor data exceeds the limit of 20 bytes",
                assertThrows(BadInputException.class, () -> fewBytes.read(ok)).problem());

        byte[] lying = new PickleBuilder().proto(2).strWithLength(1 << 30).stop().toBytes();
        Path hugeString = new TorchZipBuilder("archive").pickle(lying).write(tmp.resolve("lying.pth"));
        assertTrue(assertThrows(BadInputException.class, () -> reader.read(hugeString)).problem()
                .contains("exceeds the data"));
    }

    @Test
    void reportsMissingStateDict() throws IOException {
        byte[] pickle = new PickleBuilder().proto(2).emptyDict().str("epoch").integer(3).setitem().stop().toBytes();
        Path file = new TorchZipBuilder("archive").pickle(pickle).write(tmp.resolve("nodict.pth"));
        assertTrue(assertThrows(BadInputException.class, () -> reader.read(file)).problem()
                .contains("no state_dict found"));
    }

    @Test
    void readsGenuineTorchvisionCheckpoint() {
        Path dir = ModelFixtures.modelsDir();
        Map<String, INDArray> sd = reader.readStateDict(dir.resolve("resnet18-torchvision-random.pth"));
        assertEquals(122, sd.size());
        assertEquals("conv1.weight", sd.keySet().iterator().next());
        assertArrayEquals(new long[] {64, 3, 7, 7}, sd.get("conv1.weight").shape());
        assertArrayEquals(new long[] {1000, 512}, sd.get("fc.weight").shape());
        assertArrayEquals(new long[] {128, 64, 1, 1}, sd.get("layer2.0.downsample.0.weight").shape());
        assertEquals(DataType.LONG, sd.get("bn1.num_batches_tracked").dataType());
        long params = sd.entrySet().stream().filter(e -> e.getValue().dataType() == DataType.FLOAT
                && !e.getKey().contains("running_")).mapToLong(e -> e.getValue().length()).sum();
        assertEquals(11_689_512L, params, "torchvision resnet18 parameter count");
    }
}
