package org.heartsounds.data.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.OutputFolder;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.QualitySpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.io.AtomicFiles;
import org.heartsounds.core.io.Sha256;
import org.heartsounds.data.audio.AudioClip;
import org.heartsounds.data.audio.AudioPreprocessor;
import org.heartsounds.data.audio.AudioWindow;
import org.heartsounds.data.audio.WavReader;
import org.heartsounds.data.dataset.Recording;
import org.heartsounds.data.layout.JetsonLayout;
import org.heartsounds.data.quality.QualityCheck;
import org.heartsounds.data.segment.WindowAnchors;
import org.heartsounds.data.prepare.StageTimer.Stage;
import org.heartsounds.data.source.RecordingSource;
import org.heartsounds.data.source.SourceListing;

/**
 * {@code data prepare}: recordings → preprocessed windows → spectrogram PNGs in jetson-inference's layout, with
 * labels.txt, a manifest, the group report, the resolved recipe and provenance.
 *
 * <p>Every recording is decoded and checked before anything is rendered, so a corrupt file stops the run with
 * nothing written for it. PNGs are written atomically and skipped when present, so a killed run resumes where it
 * stopped; a folder prepared with another recipe is refused instead of being mixed with this one.
 */
public final class DatasetPreparer {
    /** The recordings left out by {@code data.quality.action: exclude}, with the reasons (absent when none). */
    public static final String EXCLUDED = "excluded.csv";

    private final Recipe recipe;
    private final int threads;
    private final PrepareListener listener;
    private final StageTimer timer = new StageTimer();

    private DatasetPreparer(Builder b) {
        this.recipe = b.recipe;
        this.threads = b.threads;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setRecipe} is required; the rest is optional. */
    public static final class Builder {
        private Recipe recipe;
        private int threads = Runtime.getRuntime().availableProcessors();
        private PrepareListener listener = PrepareListener.NONE;

        public Builder setRecipe(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** Worker threads (at least 1; default: all cores). */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder optListener(PrepareListener listener) {
            this.listener = listener;
            return this;
        }

        public DatasetPreparer build() {
            Objects.requireNonNull(recipe, "setRecipe(...) is required");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (recipe.data().out() == null) {
                throw new IllegalArgumentException("data.out (--out) is required");
            }
            return new DatasetPreparer(this);
        }
    }

    public StageTimer timer() {
        return timer;
    }

    /** Decodes and analyses the dataset (groups, split) without writing anything. */
    public Inspection inspect() throws IOException {
        SourceListing listing = RecordingSource.of(recipe.data(), Path.of("")).list();
        Screened s = screen(listing, decodeAll(listing.recordings()));
        DatasetAnalysis analysis = analyse(s.listing(), s.kept());
        return new Inspection(s.listing(), s.kept(), analysis,
                PreparationNotes.of(recipe, s.kept(), s.excluded(), analysis));
    }

    private DatasetAnalysis analyse(SourceListing listing, List<PreparedRecording> prepared) {
        return timer.time(Stage.OVERLAP, () -> DatasetAnalysis.analyse(listing,
                prepared.stream().map(PreparedRecording::signal).toList(), recipe.audio().sampleRate(),
                prepared.stream().map(PreparedRecording::edges).toList(), recipe.data().groupPattern(),
                recipe.split(), recipe.seed()));
    }

    /** The listing and recordings that stay, and those {@code data.quality.action: exclude} leaves out. */
    private record Screened(SourceListing listing, List<PreparedRecording> kept, List<PreparedRecording> excluded) {
    }

    private Screened screen(SourceListing listing, List<PreparedRecording> all) {
        if (recipe.data().quality().action() != QualitySpec.Action.EXCLUDE) {
            return new Screened(listing, all, List.of());
        }
        List<PreparedRecording> kept = all.stream().filter(p -> p.quality().usable()).toList();
        List<PreparedRecording> excluded = all.stream().filter(p -> !p.quality().usable()).toList();
        if (kept.isEmpty()) {
            throw new BadInputException(listing.source(), "every one of its " + all.size() + " recordings fails the "
                    + "quality checks (data.quality), e.g. " + excluded.get(0).recording().id() + ": "
                    + excluded.get(0).quality().describe());
        }
        return new Screened(new SourceListing(listing.source(), kept.stream().map(PreparedRecording::recording)
                .toList(), listing.classes(), listing.ignored(), listing.warnings()), kept, excluded);
    }

    public PrepareResult prepare() throws IOException {
        long t0 = System.nanoTime();
        SourceListing listing = RecordingSource.of(recipe.data(), Path.of("")).list();
        JetsonLayout layout = new JetsonLayout(Path.of(recipe.data().out()));
        claimOutputFolder(layout);

        Screened screened = screen(listing, decodeAll(listing.recordings()));
        listing = screened.listing();
        List<PreparedRecording> prepared = screened.kept();
        DatasetAnalysis analysis = analyse(listing, prepared);
        RenderCounts counts = renderAll(layout, prepared, analysis);

        ManifestWriter.write(layout.root().resolve(JetsonLayout.MANIFEST), prepared, analysis, counts.windows());
        ManifestWriter.writeExcluded(layout.root().resolve(EXCLUDED), screened.excluded());
        AtomicFiles.writeString(layout.root().resolve(JetsonLayout.GROUPS), analysis.groupReport());
        layout.writeLabels(listing.classes().names());
        String dataSha = DataSources.listingSha256(prepared);
        ProvenanceFile.write(layout.root().resolve(JetsonLayout.PROVENANCE), recipe.withoutEngine(), dataSha);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new PrepareResult(layout.root(), listing.classes().names(), prepared.size(), counts.written(),
                counts.skipped(), analysis, dataSha, seconds, timer.snapshot(), listing.warnings(),
                PreparationNotes.of(recipe, prepared, screened.excluded(), analysis));
    }

    /**
     * Writes the resolved recipe into the output folder, or checks that the folder was prepared with the same one.
     * Leftover temporary files of an interrupted run are removed.
     */
    private void claimOutputFolder(JetsonLayout layout) throws IOException {
        Path config = layout.root().resolve(JetsonLayout.CONFIG);
        String yaml = ConfigLoader.toYaml(recipe.withTrain(org.heartsounds.core.config.TrainSpec.defaults()).withoutEngine());
        if (Files.exists(config)) {
            Recipe previous = ConfigLoader.load(Recipe.class, Recipe.defaults(), config);
            if (!previous.samePreparation(recipe)) {
                throw new BadInputException(layout.root(), "was prepared with a different recipe (" + config
                        + "; differing keys: " + String.join(", ", previous.preparationDifferences(recipe))
                        + "); choose another --out or delete the folder");
            }
        }
        OutputFolder.create(layout.root(), "data.out (--out)");
        try (Stream<Path> files = Files.walk(layout.root())) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
        AtomicFiles.writeString(config, yaml);
    }

    private List<PreparedRecording> decodeAll(List<Recording> recordings) throws IOException {
        listener.phase("decode", recordings.size());
        AudioPreprocessor pre = new AudioPreprocessor(recipe.audio());
        QualityCheck quality = new QualityCheck(recipe.data().quality(), recipe.audio().window().seconds());
        PreparedRecording[] out = new PreparedRecording[recordings.size()];
        List<BadInputException> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(recordings.size(), i -> {
            Recording r = recordings.get(i);
            try {
                byte[] bytes = Files.readAllBytes(r.path());
                AudioClip clip = timer.time(Stage.DECODE, () -> WavReader.read(bytes, r.path().toString()));
                float[] signal = timer.time(Stage.PREPROCESS, () -> pre.process(clip));
                out[i] = PreparedRecording.of(r, Sha256.of(bytes), clip, quality.check(clip),
                        WindowAnchors.of(recipe.audio().window(), clip), signal);
            } catch (BadInputException e) {
                bad.add(e);
            } catch (IOException e) {
                bad.add(new BadInputException(r.path(), "cannot read: " + e.getMessage(), e));
            }
            listener.advance(1);
        });
        listener.done();
        if (!bad.isEmpty()) {
            bad.sort(java.util.Comparator.comparing(BadInputException::source));
            BadInputException first = bad.get(0);
            if (bad.size() == 1) {
                throw first;
            }
            StringBuilder sb = new StringBuilder(first.problem()).append(" (and ").append(bad.size() - 1)
                    .append(" more unreadable recordings:");
            bad.stream().skip(1).limit(10).forEach(e -> sb.append("\n  ").append(e.getMessage()));
            throw new BadInputException(first.source(), sb.append(")").toString(), first);
        }
        return List.of(out);
    }

    private record RenderCounts(int written, int skipped, int[] windows) {
    }

    private RenderCounts renderAll(JetsonLayout layout, List<PreparedRecording> prepared, DatasetAnalysis analysis)
            throws IOException {
        List<RecordingImages.Job> jobs = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            PreparedRecording p = prepared.get(i);
            Recording r = p.recording();
            jobs.add(new RecordingImages.Job(i, r.path().toAbsolutePath().toString(), p.sha256(), r.id(), r.primaryLabel(),
                    analysis.splitOf(i).folderName(), p.anchors()));
        }
        List<RecordingImages.Outcome> outcomes = recipe.engine().local() ? renderHere(layout, prepared, jobs)
                : renderOnEngine(layout, jobs);
        int written = 0;
        int skipped = 0;
        int[] windowCounts = new int[prepared.size()];
        for (RecordingImages.Outcome o : outcomes) {
            written += o.written();
            skipped += o.skipped();
            windowCounts[o.index()] = o.windows();
        }
        return new RenderCounts(written, skipped, windowCounts);
    }

    /** The local engine: the signals decoded earlier, rendered by this JVM's threads. */
    private List<RecordingImages.Outcome> renderHere(JetsonLayout layout, List<PreparedRecording> prepared,
                                                     List<RecordingImages.Job> jobs) throws IOException {
        AudioPreprocessor pre = new AudioPreprocessor(recipe.audio());
        List<List<AudioWindow>> windows = new ArrayList<>();
        long total = 0;
        for (PreparedRecording p : prepared) {
            List<AudioWindow> w = pre.cut(p.recording().id(), p.signal(), p.anchors());
            windows.add(w);
            total += w.size();
        }
        listener.phase("render", total);
        ThreadLocal<RecordingImages> images =
                ThreadLocal.withInitial(() -> new RecordingImages(recipe, layout.root(), timer));
        RecordingImages.Outcome[] out = new RecordingImages.Outcome[prepared.size()];
        parallel(prepared.size(), i -> out[i] = images.get().render(jobs.get(i), windows.get(i),
                () -> listener.advance(1)));
        listener.done();
        return List.of(out);
    }

    /** Another engine ({@code engine.name}): the recordings' jobs rendered by its workers. */
    private List<RecordingImages.Outcome> renderOnEngine(JetsonLayout layout, List<RecordingImages.Job> jobs)
            throws IOException {
        RenderEngineProvider provider = recipe.engine().name().provider(RenderEngineProvider.class,
                RenderEngineProvider::name);
        listener.phase("render", jobs.size());
        try (RenderEngine engine = provider.open(recipe.engine())) {
            List<RecordingImages.Outcome> out = engine.render(recipe.withoutEngine(), layout.root(), jobs);
            listener.advance(jobs.size());
            listener.done();
            return out;
        }
    }

    /** {@code <recording stem>_w<NN>.png}: one image per window, numbered from 00. */
    public static String imageName(Recording r, int window) {
        return RecordingImages.imageName(r.path().getFileName().toString(), window);
    }

    private void parallel(int n, java.util.function.IntConsumer body) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Math.min(threads, n)));
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            pool.shutdown();
        }
    }
}
