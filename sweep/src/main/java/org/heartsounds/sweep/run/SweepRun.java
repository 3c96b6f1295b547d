package org.heartsounds.sweep.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.DataSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.evaluation.MetricsReport;
import org.heartsounds.sweep.arbiter.AbortCondition;
import org.heartsounds.sweep.arbiter.CandidateTaskCreator;
import org.heartsounds.sweep.arbiter.PreparedDataProvider;
import org.heartsounds.sweep.arbiter.RunFolderResultSaver;
import org.heartsounds.sweep.arbiter.ValidationScoreFunction;
import org.heartsounds.sweep.config.SweepConfig;
import org.heartsounds.sweep.config.SweepSpec;
import org.heartsounds.sweep.engine.TrainingEngine;
import org.heartsounds.sweep.engine.TrainingEngines;
import org.heartsounds.sweep.ledger.CandidateRow;
import org.heartsounds.sweep.ledger.SweepLedger;
import org.heartsounds.sweep.space.RecipeParameterSpace;
import org.heartsounds.trainer.train.TrainingEvents;

/**
 * One hyperparameter sweep with Arbiter: a {@link RecipeParameterSpace} searched by Arbiter's random or grid
 * candidate generator (seeded, so candidate i is the same in every run of the configuration), run one candidate at a
 * time by a {@link LocalOptimizationRunner} with the sweep's task creator, {@link PreparedDataProvider},
 * {@link ValidationScoreFunction} and {@link RunFolderResultSaver} until {@link MaxCandidatesCondition} (and
 * optionally {@link MaxTimeCondition}) ends it. Layout of the sweep folder:
 * <pre>
 * sweep.yaml            the resolved configuration (replay or resume with --config sweep.yaml)
 * arbiter.json          Arbiter's JSON form of the optimisation configuration
 * sweep.csv             one row per finished candidate, rewritten atomically after each
 * data/HASH/            prepared datasets, one per distinct preparation (shared by candidates)
 * candidates/I/         normal run folders (+ candidate.json)
 * best.txt              the best candidate's run folder, relative to the sweep folder
 * best-val/, best-val-recordings/    its validation metrics (what it was selected on)
 * best-test/, best-test-recordings/  its test metrics (after selection, for reporting only)
 * summary.json, report.html, charts/ the outcome, with JFreeChart charts (PNG and SVG)
 * </pre>
 * A sweep folder is refused without {@code resume}; with it, candidates listed in sweep.csv are not run again and an
 * interrupted candidate continues from its run folder's checkpoint.
 */
public final class SweepRun {
    public static final String CONFIG = "sweep.yaml";
    public static final String ARBITER_JSON = "arbiter.json";
    public static final String DATA = "data";
    public static final String BEST = "best.txt";
    public static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SweepConfig config;
    private final Path root;
    private final boolean resume;
    private final TrainingEvents events;
    private final Function<String, Path> catalogue;
    private final int prepareThreads;

    private SweepRun(Builder b) {
        this.config = b.config;
        // an engine with workers elsewhere needs paths that mean the same on every machine
        this.root = b.config.base().engine().local() ? Path.of(b.config.sweep().out())
                : Path.of(b.config.sweep().out()).toAbsolutePath().normalize();
        this.resume = b.resume;
        this.events = b.events;
        this.catalogue = b.catalogue;
        this.prepareThreads = b.prepareThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setConfig} is required. */
    public static final class Builder {
        private SweepConfig config;
        private boolean resume;
        private TrainingEvents events = TrainingEvents.NONE;
        private Function<String, Path> catalogue = name -> {
            throw new BadInputException(name, "unknown pretrained weights name");
        };
        private int prepareThreads;

        public Builder setConfig(SweepConfig config) {
            this.config = config;
            return this;
        }

        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** One line per finished candidate, and the preparation and training lines. */
        public Builder optEvents(TrainingEvents events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        /** Resolves catalogue names of {@code train.pretrained}. */
        public Builder optCatalogue(Function<String, Path> catalogue) {
            this.catalogue = Objects.requireNonNull(catalogue);
            return this;
        }

        /** Threads of dataset preparation (0 = the preparer's default). */
        public Builder optPrepareThreads(int threads) {
            this.prepareThreads = threads;
            return this;
        }

        public SweepRun build() {
            Objects.requireNonNull(config, "setConfig(...) is required");
            return new SweepRun(this);
        }
    }

    /**
     * What a sweep leaves.
     *
     * @param rows         every finished candidate, by number
     * @param best         the best ok row, or null
     * @param evaluation   the best candidate's validation and test evaluation, or null
     * @param arbiterBest  the best candidate by Arbiter's own bookkeeping (-1 when none), equal to {@code best}'s
     * @param trained      candidates trained (or failed) in this run
     * @param reused       candidates taken from sweep.csv
     */
    public record Result(Path root, List<CandidateRow> rows, CandidateRow best, BestCandidate.Evaluation evaluation,
                         int arbiterBest, int trained, int reused, double seconds) {
        public long failed() {
            return rows.stream().filter(r -> !r.ok()).count();
        }
    }

    public Result run() throws IOException {
        long t0 = System.nanoTime();
        claim();
        RecipeParameterSpace space = new RecipeParameterSpace(candidateBase(), config.sweep().parameters());
        SweepLedger ledger = SweepLedger.open(root.resolve(SweepLedger.FILE), space.keys());
        AbortCondition abort = new AbortCondition();
        PreparedDataProvider provider = new PreparedDataProvider(root.resolve(DATA), prepareThreads, events);
        OptimizationConfiguration arbiter = optimisation(space, provider, abort);
        AtomicFiles.writeString(root.resolve(ARBITER_JSON), arbiter.toJson());
        SweepSpec.Score score = config.sweep().score();
        int trained;
        int reused;
        int arbiterBest;
        try (TrainingEngine engine = TrainingEngines.open(config.base().engine(), root, events)) {
            if (!config.base().engine().local()) {
                events.line("engine: " + engine.describe());
            }
            CandidateTaskCreator tasks = new CandidateTaskCreator(root, ledger, abort, events, catalogue,
                    space.keys(), config.candidateCount(), score.key(), engine);
            LocalOptimizationRunner runner = new LocalOptimizationRunner(engine.slots(), arbiter, tasks);
            runner.execute();
            rethrow(abort.error());
            trained = tasks.trained();
            reused = tasks.reused();
            arbiterBest = runner.bestScoreCandidateIndex();
        }

        List<CandidateRow> rows = ledger.rows();
        CandidateRow best = BestCandidate.select(rows, score);
        BestCandidate.Evaluation evaluation = null;
        if (best != null) {
            AtomicFiles.writeString(root.resolve(BEST), best.runDir() + "\n");
            evaluation = BestCandidate.evaluate(root, best, provider);
        } else {
            Files.deleteIfExists(root.resolve(BEST));
        }
        Result result = new Result(root, rows, best, evaluation, arbiterBest, trained, reused,
                (System.nanoTime() - t0) / 1e9);
        AtomicFiles.writeString(root.resolve(SUMMARY), JSON.writeValueAsString(summary(result)) + "\n");
        SweepReport.write(root, config, result);
        return result;
    }

    /**
     * The base recipe of the candidates: without the engine (a candidate trains the same wherever it runs); on an
     * engine with workers elsewhere, with absolute data paths.
     */
    private Recipe candidateBase() {
        Recipe base = config.base();
        if (!base.engine().local()) {
            DataSpec d = base.data();
            base = base.withData(d.withLocations(absolute(d.dir()), absolute(d.manifest()), d.out()));
        }
        return base.withoutEngine();
    }

    private static String absolute(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** Arbiter's optimisation configuration of this sweep. */
    OptimizationConfiguration optimisation(RecipeParameterSpace space, PreparedDataProvider provider,
                                           AbortCondition abort) {
        SweepSpec s = config.sweep();
        CandidateGenerator generator = s.generator() == SweepSpec.Generator.GRID
                ? new GridSearchCandidateGenerator(space, s.gridPoints(),
                GridSearchCandidateGenerator.Mode.Sequential, null)
                : new RandomSearchGenerator(space, null);
        List<TerminationCondition> stop = new ArrayList<>();
        stop.add(new MaxCandidatesCondition(config.candidateCount()));
        if (s.maxMinutes() > 0) {
            stop.add(new MaxTimeCondition(Math.max(1, Math.round(s.maxMinutes() * 60)), TimeUnit.SECONDS));
        }
        stop.add(abort);
        return new OptimizationConfiguration.Builder().candidateGenerator(generator).dataProvider(provider)
                .scoreFunction(new ValidationScoreFunction(s.score()))
                .modelSaver(new RunFolderResultSaver(s.score().key())).terminationConditions(stop)
                .rngSeed(s.seed()).build();
    }

    /** Refuses a sweep folder without resume, or one that was started with another search; writes sweep.yaml. */
    private void claim() throws IOException {
        Path yaml = root.resolve(CONFIG);
        if (Files.exists(yaml) || Files.exists(root.resolve(SweepLedger.FILE))) {
            if (!resume) {
                throw new BadInputException(root, "already holds a sweep; pass --resume to continue it or choose "
                        + "another sweep.out (--out)");
            }
            if (Files.exists(yaml)) {
                SweepConfig previous;
                try {
                    previous = SweepConfig.load(yaml, Map.of());
                } catch (BadInputException e) {
                    throw new BadInputException(yaml, "cannot resume: the sweep configuration there is not valid ("
                            + e.problem() + ")", e);
                }
                if (!previous.sameSearch(config)) {
                    throw new BadInputException(yaml, "the sweep was started with another configuration; resume it "
                            + "with --config " + yaml + " (only sweep.candidates, sweep.max_minutes and engine may change)");
                }
            }
        } else if (resume) {
            events.line("nothing to resume in " + root + " (no " + CONFIG + " or " + SweepLedger.FILE
                    + " yet): starting the sweep");
        }
        org.heartsounds.core.OutputFolder.create(root, "--out");
        config.write(yaml);
    }

    private static void rethrow(Exception e) throws IOException {
        if (e == null) {
            return;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        throw new IOException(e);
    }

    private Map<String, Object> summary(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", config.sweep().score().key());
        m.put("generator", config.sweep().generator().name().toLowerCase(java.util.Locale.ROOT));
        m.put("candidates", config.candidateCount());
        m.put("finished", r.rows().size());
        m.put("ok", r.rows().size() - r.failed());
        m.put("failed", r.failed());
        m.put("trained_this_run", r.trained());
        m.put("reused", r.reused());
        m.put("seconds_this_run", r.seconds());
        if (r.best() == null) {
            m.put("best", null);
            return m;
        }
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("candidate", r.best().index());
        best.put("run_dir", r.best().runDir());
        best.put("score", r.best().score());
        Map<String, String> params = new LinkedHashMap<>();
        List<String> keys = List.copyOf(config.sweep().parameters().keySet());
        for (int i = 0; i < keys.size(); i++) {
            params.put(keys.get(i), r.best().values().get(i));
        }
        best.put("parameters", params);
        if (r.evaluation().multilabel()) {
            best.put("validation", multiLabelLevels(r.evaluation().multiLabelValidation()));
            best.put("test", r.evaluation().multiLabelTest() == null ? null
                    : multiLabelLevels(r.evaluation().multiLabelTest()));
        } else {
            best.put("validation", levels(r.evaluation().validation().windows(),
                    r.evaluation().validation().recordings()));
            best.put("test", r.evaluation().test() == null ? null : levels(r.evaluation().test().windows(),
                    r.evaluation().test().recordings()));
        }
        best.put("test_note", "evaluated after selection, for reporting only; selection used validation only");
        m.put("best", best);
        return m;
    }

    private static Map<String, Object> multiLabelLevels(org.heartsounds.evaluation.multilabel.MultiLabelReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (org.heartsounds.evaluation.multilabel.MultiLabelMetrics l : r.levels()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("items", l.count());
            one.put("macro_auroc", l.macro().auroc());
            one.put("macro_f1", l.macro().f1());
            one.put("subset_accuracy", l.subsetAccuracy());
            m.put(l.level(), one);
        }
        return m;
    }

    private static Map<String, Object> levels(MetricsReport windows, MetricsReport recordings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", headline(windows));
        m.put("recordings", headline(recordings));
        return m;
    }

    private static Map<String, Object> headline(MetricsReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", r.count());
        m.put("accuracy", r.summary().accuracy());
        m.put("macro_f1", r.summary().macroF1());
        return m;
    }
}
