package org.heartsounds.spark;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.EngineSpec;

/**
 * Makes the Spark session of a job from the recipe's {@code engine.spark} section. No master: an embedded
 * {@code local[N]} session in this JVM (N = cores), bound to 127.0.0.1 with no web UI, unless {@code spark-submit}
 * started this JVM with a master ({@code spark.master}), which then wins. Every task gets {@code spark.task.cpus =
 * threads_per_task} cores and pins OpenMP to as many threads ({@code OMP_NUM_THREADS} in the executors'
 * environment, {@code NativeThreads} in the task), so tasks sharing a machine do not oversubscribe it. On a cluster
 * the executors run heartsounds from this JVM's class path unless {@code spark.executor.extraClassPath} is given: the
 * installation must sit at the same path on every machine (the shared folder), as the data and outputs must.
 */
public final class SparkContexts {
    private SparkContexts() {
    }

    /** The master URL a session for {@code s} uses. */
    public static String master(EngineSpec.Spark s) {
        if (!s.embedded()) {
            return s.master();
        }
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted
                : "local[" + Runtime.getRuntime().availableProcessors() + "]";
    }

    /** The configuration of a session for {@code s}; {@code what} names the job in Spark's UI and logs. */
    public static SparkConf conf(EngineSpec.Spark s, String what) {
        String master = master(s);
        String threads = Integer.toString(s.threadsPerTask());
        SparkConf c = new SparkConf().setAppName("heartsounds " + what).setMaster(master)
                .set("spark.task.cpus", threads)
                .set("spark.executorEnv.OMP_NUM_THREADS", threads)
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .set("spark.executor.extraJavaOptions", SparkJvmOptions.line())
                .set("spark.executor.memory", "4g")
                .set("spark.task.maxFailures", "4")
                .set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false");
        } else if (!s.conf().containsKey("spark.executor.extraClassPath")) {
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        s.conf().forEach(c::set);
        return c;
    }

    /** Starts a session for {@code s}. */
    public static JavaSparkContext open(EngineSpec.Spark s, String what) {
        return new JavaSparkContext(conf(s, what));
    }

    /** Refuses a job folder outside {@code engine.spark.shared_dir} (when one is set): executors could not see it. */
    public static void requireShared(EngineSpec.Spark s, Path folder) {
        if (s.sharedDir().isEmpty()) {
            return;
        }
        Path shared = Path.of(s.sharedDir()).toAbsolutePath().normalize();
        if (!folder.toAbsolutePath().normalize().startsWith(shared)) {
            throw new BadInputException(folder, "lies outside engine.spark.shared_dir (" + shared + "), which every "
                    + "Spark executor reads and writes; put the job's data and output folders there");
        }
    }

    /**
     * The task slots of a session: cores over {@code threads_per_task}. On a cluster, waits (up to a minute) for the
     * first executors to register, since Spark counts only registered cores.
     */
    public static int slots(JavaSparkContext sc, EngineSpec.Spark s) {
        if (!sc.master().startsWith("local")) {
            long end = System.currentTimeMillis() + 60_000;
            while (sc.sc().statusTracker().getExecutorInfos().length < 2 && System.currentTimeMillis() < end) {
                sleep(200);
            }
            sleep(2000);
        }
        return Math.max(1, sc.defaultParallelism() / s.threadsPerTask());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
