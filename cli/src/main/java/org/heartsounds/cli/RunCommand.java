package org.heartsounds.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.heartsounds.core.options.RecipeOptions;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.Folders;
import org.heartsounds.data.dataset.Split;
import org.heartsounds.evaluation.MetricsCsv;
import org.heartsounds.evaluation.MetricsOptions;
import org.heartsounds.export.ExportSource;
import org.heartsounds.export.jetson.JetsonBundle;
import org.heartsounds.export.OnnxExport;
import org.heartsounds.evaluation.run.SplitEvaluation;
import org.heartsounds.trainer.data.PreparedDataset;
import org.heartsounds.trainer.run.TrainingRun;
import org.heartsounds.data.prepare.ProgressBarListener;
import org.heartsounds.data.prepare.DataSources;
import org.heartsounds.data.prepare.DatasetPreparer;
import org.heartsounds.data.prepare.PrepareResult;
import org.heartsounds.data.synth.SyntheticHeartSounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.heartsounds.trainer.train.TrainingEvents;
import org.heartsounds.trainer.weights.WeightsLookup;

/**
 * {@code heartsounds run}: the main job — every stage that exists, on one dataset. With no {@code --data} (and no
 * data source in the recipe) it first writes the synthetic dataset, so it runs on a fresh machine.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The main job: run the whole pipeline (inspect, prepare, train, evaluate, export for the",
            "Jetson) on a dataset and say where the results are. Without --data it generates the",
            "synthetic heart-sound dataset first."})
public class RunCommand implements Callable<Integer> {
    private static final String NAME = "heartsounds";

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with one sub-folder of WAVs per class.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Where everything goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "main");

    @Option(names = "--per-class", description = "Synthetic recordings per class (default: ${DEFAULT-VALUE}).")
    int perClass = 40;

    @Option(names = "--epochs", description = "Training epochs of the main job (default: ${DEFAULT-VALUE}; the "
            + "recipe's train.epochs is for 'heartsounds train').")
    int epochs = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Recipe recipe = recipeOptions.resolve(Map.of());
        DataSpec d = DataSources.expand(recipe.data());
        String dir = data != null ? data.toString() : d.dir();
        if (dir == null && d.manifest() == null) {
            Path synth = out.resolve("synthetic");
            if (!Files.isDirectory(synth)) {
                SyntheticHeartSounds.writeDataset(synth, SyntheticHeartSounds.Spec.mainJob(perClass, recipe.seed()));
            }
            w.printf("[1/6] synthetic dataset: %s%n", synth.toAbsolutePath().normalize());
            dir = synth.toString();
        } else {
            w.printf("[1/6] dataset: %s%n", dir != null ? dir : d.manifest());
        }
        w.flush();
        Recipe resolved = recipe.withData(new DataSpec(dir, dir != null ? null : d.manifest(),
                out.resolve("data").toString(), d.classes()));
        DatasetPreparer preparer = DatasetPreparer.builder().setRecipe(resolved)
                .optListener(ProgressBarListener.forConsole()).build();
        w.println("[2/6] inspect");
        w.print(preparer.inspect().toText());
        w.println("[3/6] prepare");
        w.flush();
        PrepareResult prepared = preparer.prepare();
        w.printf("prepared %d recordings -> %d images in %.1f s%n", prepared.recordings(), prepared.images(),
                prepared.seconds());
        w.println("[4/6] train");
        w.flush();
        Recipe trainRecipe = resolved.withTrain(resolved.train().withOut(out.resolve("train").toString())
                .withEpochs(epochs));
        PreparedDataset data = PreparedDataset.open(prepared.out());
        TrainingRun.Result run = TrainingRun.builder().setRecipe(trainRecipe).setData(data).optResume(true)
                .optEvents(TrainingEvents.printing(w)).optCatalogue(WeightsLookup.catalogue()).build().run();
        w.println("[5/6] evaluate on the test split");
        w.flush();
        SplitEvaluation.Result eval = SplitEvaluation.run(run.bestModel(), data.images(Split.TEST), data.labels(),
                trainRecipe.spectrogram().height(), trainRecipe.spectrogram().width(),
                trainRecipe.train().evalBatchSize(), MetricsOptions.defaults().withSeed(trainRecipe.seed()),
                run.folder().root().resolve("test"), MetricsCsv.read(run.folder().metrics()),
                ConfigLoader.toYaml(trainRecipe), Map.of("dataset manifest sha256", data.manifestSha256()),
                "test split");
        w.printf(java.util.Locale.ROOT, "test accuracy %.4f (%d windows), %.4f (%d recordings)%n",
                eval.windows().summary().accuracy(), eval.windows().count(), eval.recordings().summary().accuracy(),
                eval.recordings().count());
        w.println("[6/6] export for jetson-inference (ONNX, checked against DL4J with ONNX Runtime)");
        w.flush();
        JetsonBundle.Result jetson = exportJetson(run.folder().root(), out.resolve("jetson"));
        w.println(jetson.export().report().summary());
        Map<String, Path> results = new LinkedHashMap<>();
        results.put("spectrogram dataset (jetson-inference layout)", prepared.out());
        results.put("labels", prepared.out().resolve("labels.txt"));
        results.put("manifest", prepared.out().resolve("manifest.csv"));
        results.put("groups of shared audio", prepared.out().resolve("groups.txt"));
        results.put("training run (config.yaml replays it, metrics.csv)", run.folder().root());
        results.put("best model on validation (DL4J zip + labels)", run.folder().model());
        results.put("test report (metrics, charts, HTML)", eval.windowsDir().resolve("report.html"));
        results.put("test report per recording", eval.recordingsDir().resolve("report.html"));
        results.put("ONNX for imagenet.py (+ labels.txt, README)", jetson.root().resolve(JetsonBundle.modelPath(NAME)));
        results.put("export check (ONNX Runtime vs DL4J)", jetson.export().checkFile());
        w.println("results:");
        results.forEach((k, v) -> w.printf("  %-52s %s%n", k, v.toAbsolutePath().normalize()));
        w.flush();
        return 0;
    }

    /**
     * {@code export jetson} of the run into {@code target}; a bundle the main job wrote before (it holds
     * {@code models/heartsounds/resnet18.onnx}) is replaced, anything else there is left alone and refused.
     */
    private static JetsonBundle.Result exportJetson(Path runDir, Path target) throws IOException {
        if (Files.isRegularFile(target.resolve(JetsonBundle.modelPath(NAME)))) {
            Folders.deleteRecursively(target);
        }
        return JetsonBundle.write(ExportSource.open(runDir, null), target, NAME, true,
                OnnxExport.builder().build());
    }
}
