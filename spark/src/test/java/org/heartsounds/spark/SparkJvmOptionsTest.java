package org.heartsounds.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.EngineSpec;
import org.junit.jupiter.api.Test;

/**
 * The JVM options Spark needs are written in three places (SparkJvmOptions for executors, the root pom for the
 * tests, the launcher for the driver); they must say the same. And what {@link SparkContexts} makes of a recipe's
 * engine section.
 */
class SparkJvmOptionsTest {
    @Test
    void theLauncherThePomAndTheExecutorsGetTheSameOptions() throws IOException {
        Matcher pom = Pattern.compile("<spark\\.jvm\\.options>([^<]*)</spark\\.jvm\\.options>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertTrue(pom.find(), "root pom has spark.jvm.options");
        assertEquals(SparkJvmOptions.line(), pom.group(1));
        Matcher launcher = Pattern.compile("(?m)^spark_jvm_options=\"([^\"]*)\"$")
                .matcher(Files.readString(Path.of("../heartsounds")));
        assertTrue(launcher.find(), "the launcher sets spark_jvm_options");
        assertEquals(SparkJvmOptions.line(), launcher.group(1));
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), "this test JVM got them from surefire");
    }

    @Test
    void anEmbeddedSessionIsLocalOnLoopbackAndPinsThreadsPerTask() {
        EngineSpec.Spark s = new EngineSpec.Spark("", 2, "", java.util.Map.of("spark.executor.memory", "6g"));
        SparkConf c = SparkContexts.conf(s, "test");
        assertEquals("local[" + Runtime.getRuntime().availableProcessors() + "]", c.get("spark.master"));
        assertEquals("2", c.get("spark.task.cpus"));
        assertEquals("2", c.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("127.0.0.1", c.get("spark.driver.bindAddress"));
        assertEquals("false", c.get("spark.ui.enabled"));
        assertEquals("6g", c.get("spark.executor.memory"), "the recipe's conf wins");
        SparkConf cluster = SparkContexts.conf(new EngineSpec.Spark("spark://10.0.0.1:7077", 1, "", null), "test");
        assertEquals("spark://10.0.0.1:7077", cluster.get("spark.master"));
        assertEquals(System.getProperty("java.class.path"), cluster.get("spark.executor.extraClassPath"));
        assertEquals(SparkJvmOptions.line(), cluster.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void aJobFolderOutsideTheSharedFolderIsBadInput() {
        EngineSpec.Spark s = new EngineSpec.Spark("", 1, "/mnt/shared", null);
        SparkContexts.requireShared(s, Path.of("/mnt/shared/sweeps/a"));
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> SparkContexts.requireShared(s, Path.of("/home/me/sweep")));
        assertTrue(e.getMessage().startsWith("/home/me/sweep") && e.getMessage().contains("shared_dir"),
                e.getMessage());
    }
}
