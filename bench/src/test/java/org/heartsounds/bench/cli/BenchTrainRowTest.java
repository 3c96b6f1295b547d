package org.heartsounds.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.heartsounds.bench.torch.TorchReference;
import org.heartsounds.bench.train.TrainingBenchmark;
import org.junit.jupiter.api.Test;

/** A row of {@code bench train}: each ratio is DL4J over the faster PyTorch layout for that measure. */
class BenchTrainRowTest {
    @Test
    void ratiosUseTheFasterOfNchwAndChannelsLast() {
        TrainingBenchmark.Result dl4j = new TrainingBenchmark.Result(
                new TrainingBenchmark.Settings(128, 16, 5, 3, 20, true), 60.0, 200.0, 250.0, null, "backend");
        TorchReference.Result nchw = new TorchReference.Result("1.13", "0.14", 2, 128, 16, 59.5, 215.8, 226.5, false);
        TorchReference.Result cl = new TorchReference.Result("1.13", "0.14", 2, 128, 16, 64.0, 200.0, 240.0, true);
        List<String> cells = List.of(BenchTrainCommand.row(dl4j, nchw, cl).trim().split("\\s+"));
        assertEquals(List.of("128", "on", "60.0", "59.5", "64.0", "0.94", "200.0", "215.8", "200.0", "0.93", "250.0",
                "240.0", "1.04"), cells);
        assertEquals(List.of("128", "on", "60.0", "59.5", "-", "1.01", "200.0", "215.8", "-", "0.93", "250.0",
                "226.5", "1.10"), List.of(BenchTrainCommand.row(dl4j, nchw, null).trim().split("\\s+")));
        assertEquals(BenchTrainCommand.header().trim().split("\\s+").length, 21);
    }
}
