package org.heartsounds.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.EngineSpec;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.data.prepare.RecordingImages;
import org.heartsounds.data.prepare.RenderEngine;

/**
 * {@code data prepare --engine spark}: the recordings partitioned over Spark tasks (about four per task slot), each
 * task decoding its recordings again from the shared folder and writing their PNGs atomically into the prepared
 * folder with the same {@link RecordingImages} code as the local engine; the driver gets back the window counts and
 * writes the manifest.
 */
final class SparkRenderEngine implements RenderEngine {
    private final JavaSparkContext sc;
    private final EngineSpec.Spark spark;
    private final int slots;

    SparkRenderEngine(EngineSpec spec) {
        this.spark = spec.spark();
        this.sc = SparkContexts.open(spark, "data prepare");
        this.slots = SparkContexts.slots(sc, spark);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "spark %s, %d task slots", sc.master(), slots);
    }

    @Override
    public List<RecordingImages.Outcome> render(Recipe recipe, Path root, List<RecordingImages.Job> jobs)
            throws IOException {
        SparkContexts.requireShared(spark, root);
        if (jobs.isEmpty()) {
            return List.of();
        }
        int partitions = Math.min(jobs.size(), slots * 4);
        sc.setJobDescription("render " + jobs.size() + " recordings");
        try {
            List<RecordingImages.Outcome> out = new ArrayList<>(sc.parallelize(jobs, partitions)
                    .mapPartitions(new RenderPartition(ConfigLoader.toYaml(recipe),
                            root.toAbsolutePath().normalize().toString()))
                    .collect());
            out.sort(Comparator.comparingInt(RecordingImages.Outcome::index));
            return out;
        } catch (RuntimeException e) {
            String message = SparkTrainingEngine.firstLine(e.getMessage());
            int bad = message.indexOf(BadInputException.class.getName() + ": ");
            if (bad >= 0) {
                throw new BadInputException("data prepare", message.substring(bad
                        + BadInputException.class.getName().length() + 2), e);
            }
            throw new IOException("Spark could not render the recordings: " + message, e);
        }
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** One Spark partition of recordings: a {@link RecordingImages} renders them one after the other. */
    static final class RenderPartition implements FlatMapFunction<Iterator<RecordingImages.Job>,
            RecordingImages.Outcome> {
        private static final long serialVersionUID = 1L;

        private final String recipeYaml;
        private final String root;

        RenderPartition(String recipeYaml, String root) {
            this.recipeYaml = recipeYaml;
            this.root = root;
        }

        @Override
        public Iterator<RecordingImages.Outcome> call(Iterator<RecordingImages.Job> jobs) {
            Recipe recipe = ConfigLoader.loadText(Recipe.class, Recipe.defaults(), recipeYaml, "data prepare recipe");
            RecordingImages images = new RecordingImages(recipe, Path.of(root));
            List<RecordingImages.Outcome> out = new ArrayList<>();
            jobs.forEachRemaining(j -> out.add(images.render(j)));
            return out.iterator();
        }
    }
}
