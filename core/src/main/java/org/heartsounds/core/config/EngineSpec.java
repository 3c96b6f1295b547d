package org.heartsounds.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the independent pieces of a long job run: sweep candidates, cross-validation folds and the recordings of a
 * dataset preparation. Not part of what a job computes: the same recipe gives the same numbers and files on either
 * engine, so the engine is left out of preparation hashes and of the recipes that candidates and folds train with.
 *
 * @param name  {@code local} (default: this JVM, one training at a time) or {@code spark} (Apache Spark tasks)
 * @param spark the Spark settings, read when {@code name} is {@code spark}
 */
public record EngineSpec(Name name, Spark spark) {
    public EngineSpec {
        if (name == null) {
            name = Name.LOCAL;
        }
        if (spark == null) {
            spark = Spark.defaults();
        }
    }

    public static EngineSpec defaults() {
        return new EngineSpec(Name.LOCAL, Spark.defaults());
    }

    public boolean local() {
        return name == Name.LOCAL;
    }

    public EngineSpec withName(Name n) {
        return new EngineSpec(n, spark);
    }

    public enum Name {
        @JsonProperty("local") LOCAL,
        @JsonProperty("spark") SPARK;

        /** The YAML and command-line spelling. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The provider of this engine among the {@code type} services on the class path ({@link
         * java.util.ServiceLoader}; {@code nameOf} says which engine a provider serves); bad input when none is,
         * since the engine's module is missing.
         */
        public <P> P provider(Class<P> type, java.util.function.Function<P, Name> nameOf) {
            for (P p : java.util.ServiceLoader.load(type)) {
                if (nameOf.apply(p) == this) {
                    return p;
                }
            }
            throw new org.heartsounds.core.BadInputException("engine.name", "the " + key() + " engine is not on "
                    + "the class path (it comes with the heartsounds-" + key() + " module)");
        }
    }

    /**
     * Spark settings.
     *
     * @param master         the master URL ({@code spark://host:7077}, {@code local[4]}, ...); empty: an embedded
     *                       {@code local[N]} session in this JVM, N = the machine's cores
     * @param threadsPerTask OpenMP / BLAS threads of one task (one training or one batch of recordings), and the cores
     *                       Spark reserves for it ({@code spark.task.cpus}), so tasks that share a machine do not
     *                       oversubscribe it
     * @param sharedDir      the folder every executor reads and writes at the same path (a network file system on a
     *                       cluster); empty: not checked. When set, the job's data and output folders must lie inside
     *                       it
     * @param conf           further Spark properties ({@code spark.executor.memory: 4g}, ...), passed as they are
     */
    public record Spark(String master, int threadsPerTask, String sharedDir, Map<String, String> conf) {
        public Spark {
            master = master == null ? "" : master.strip();
            sharedDir = sharedDir == null ? "" : sharedDir.strip();
            if (threadsPerTask < 1 || threadsPerTask > 1024) {
                throw new IllegalArgumentException("engine.spark.threads_per_task must be in [1, 1024], got "
                        + threadsPerTask);
            }
            conf = conf == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(conf));
            for (String k : conf.keySet()) {
                if (!k.startsWith("spark.")) {
                    throw new IllegalArgumentException("engine.spark.conf keys are Spark properties starting with "
                            + "'spark.', got '" + k + "'");
                }
            }
        }

        public static Spark defaults() {
            return new Spark("", 1, "", Map.of());
        }

        /** Whether no master is given: Spark runs embedded in this JVM. */
        public boolean embedded() {
            return master.isEmpty();
        }
    }
}
