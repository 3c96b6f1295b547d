package org.heartsounds.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test fixture: a real Spark standalone cluster on 127.0.0.1, a master and N workers, each its own JVM started from
 * the Spark jars on this test's class path (Spark's {@code Master} and {@code Worker} main classes, as
 * {@code sbin/start-master.sh} and {@code start-worker.sh} start them). The workers launch executors the normal way,
 * with a minimal {@code SPARK_HOME} (an empty {@code jars/}) and the executors' class path given by the driver
 * ({@code spark.executor.extraClassPath}). Everything binds to the loopback interface ({@code SPARK_LOCAL_IP}, which
 * also binds the master's and workers' web UIs).
 */
final class LoopbackSparkCluster implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 90_000;

    private final Path dir;
    private final Path sparkHome;
    private final int masterPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private LoopbackSparkCluster(Path dir, int workerCount, int coresPerWorker) throws IOException,
            InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark from the heartsounds test class path\n");
        this.masterPort = freePort();
        this.master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
        awaitLog("master", "I have been elected leader");
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i + "-work"));
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", masterUrl(),
                    "--host", "127.0.0.1", "--cores", Integer.toString(coresPerWorker), "--memory", "3g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString())));
        }
        for (int i = 0; i < workerCount; i++) {
            awaitLog("worker-" + i, "Successfully registered with master");
        }
    }

    /** Starts a master and {@code workers} workers of {@code cores} cores each under {@code dir}. */
    static LoopbackSparkCluster start(Path dir, int workers, int cores) throws IOException, InterruptedException {
        return new LoopbackSparkCluster(dir, workers, cores);
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** SIGKILL to worker {@code i}'s JVM; its executors notice and exit on their own, as on a crashed machine. */
    void killWorker(int i) throws InterruptedException {
        Process p = workers.get(i);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** The JVMs of the cluster now alive: master, workers and the executors they launched. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> out = new ArrayList<>();
        List<Process> roots = new ArrayList<>(workers);
        roots.add(0, master);
        for (Process p : roots) {
            if (p.isAlive()) {
                out.add(p.toHandle());
            }
            p.toHandle().descendants().filter(ProcessHandle::isAlive).forEach(out::add);
        }
        return out;
    }

    /** What a worker (or the master) wrote to its log. */
    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(SparkJvmOptions.OPTIONS);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", dir.resolve(name + "-tmp").toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private void awaitLog(String name, String text) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        Path log = dir.resolve(name + ".log");
        while (System.currentTimeMillis() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + START_TIMEOUT_MS / 1000
                + " s:\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    @Override
    public void close() {
        List<ProcessHandle> all = processes();
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone or stuck: nothing more a test can do
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The TCP sockets that the given processes listen on and that are not bound to a loopback address, as
     * {@code pid address:port}; read from /proc (the socket inodes among each process's file descriptors, their
     * addresses in /proc/net/tcp and tcp6).
     */
    static List<String> nonLoopbackListeners(List<ProcessHandle> processes) throws IOException {
        List<String> out = new ArrayList<>();
        List<String[]> table = new ArrayList<>();
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Files.readAllLines(Path.of(f)).stream().skip(1).forEach(line -> table.add(line.strip().split("\\s+")));
        }
        for (ProcessHandle p : processes) {
            Set<String> inodes = new HashSet<>();
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            try (Stream<Path> s = Files.list(fds)) {
                for (Path fd : s.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException e) {
                continue; // the process ended meanwhile
            }
            for (String[] row : table) {
                if (row.length > 9 && row[3].equals("0A") && inodes.contains(row[9]) && !loopback(row[1])) {
                    out.add(String.format(Locale.ROOT, "pid %d %s", p.pid(), row[1]));
                }
            }
        }
        return out;
    }

    /** An address:port of /proc/net/tcp[6] on 127.0.0.0/8 or ::1 (or v4-mapped 127.x). */
    private static boolean loopback(String hexAddressPort) {
        String ip = hexAddressPort.substring(0, hexAddressPort.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F");
        }
        return ip.equals("00000000000000000000000001000000")
                || (ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F"));
    }
}
