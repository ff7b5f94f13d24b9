package com.hostflow.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import com.hostflow.common.database.EmbeddedPostgresServer;

/**
 * HostFlow's built jar as a process of its own, the way an operator runs it: started with command-line settings,
 * waited for until {@code /actuator/health/readiness} answers 200, killed with {@code kill -9} or stopped with
 * SIGTERM. Its output goes to a log file per start under {@code target/}.
 */
final class HostFlowProcess {

    /**
     * The waits before the first polls of a pending module operation, as the test profile has them: the simulator's
     * tasks take 0.2-0.5 s, and production's first poll after 1 s, the next 2 s later, left each operation (a
     * suspension, a resumption, an order's VM) waiting on a timer for most of its time.
     */
    static final String QUICK_POLLS = "PT0.2S,PT0.5S,PT1S";

    /** Set by failsafe: the jar {@code package} built. */
    static final String JAR_PROPERTY = "hostflow.jar";

    private final List<String> arguments;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private final List<String> launcher;
    private final Path logDirectory;
    private final String name;
    private Process process;
    private int starts;
    private int port;

    HostFlowProcess(String name, Path logDirectory, List<String> arguments) {
        this(name, logDirectory, List.of("-jar", ExtractedJar.application().toString()), arguments);
    }

    /** {@code launcher}: what follows the JVM options, e.g. {@code -jar x.jar} or a class path and a main class. */
    HostFlowProcess(String name, Path logDirectory, List<String> launcher, List<String> arguments) {
        this.name = name;
        this.logDirectory = logDirectory;
        this.launcher = List.copyOf(launcher);
        this.arguments = List.copyOf(arguments);
    }

    /** The simulator from the same jar, alone (no database, no engine). */
    static HostFlowProcess simulator(Path logDirectory) {
        return new HostFlowProcess("simulator", logDirectory, List.of("-cp", ExtractedJar.application().toString(),
                "com.hostflow.simulator.vmmanager6.VmManager6SimulatorApplication"), List.of());
    }

    /**
     * The jar on the {@code postgres} profile against the database {@code hostflow} of {@code postgres}, with the
     * admin {@code admin}, and short locks and waits: a killed node's jobs and module calls stay locked for
     * {@code lock} before another start or node takes them. {@code more}: further command-line settings.
     */
    static HostFlowProcess onPostgres(String name, Path logDirectory, EmbeddedPostgresServer postgres, String admin,
            String adminPassword, String secretKey, Duration lock, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--camunda.bpm.process-engine-name=default",
                "--camunda.bpm.job-execution.lock-time-in-millis=" + lock.toMillis(),
                "--hostflow.workers.lock-duration=" + lock,
                "--hostflow.workflow.module-operation.poll-backoff=" + QUICK_POLLS,
                "--hostflow.workflow.module-operation.poll-interval=PT1S",
                "--hostflow.workflow.module-operation.retry-cycle=R3/PT5S"));
        arguments.addAll(List.of(more));
        return new HostFlowProcess(name, logDirectory, arguments)
                .environment("HOSTFLOW_DB_URL", postgres.jdbcUrl("hostflow").replaceFirst("\\?.*$", ""))
                .environment("HOSTFLOW_DB_USER", "postgres")
                .environment("HOSTFLOW_DB_PASSWORD", "unused")
                .environment("HOSTFLOW_SECRET_KEY", secretKey)
                .environment("HOSTFLOW_ADMIN_USER", admin)
                .environment("HOSTFLOW_ADMIN_PASSWORD", adminPassword);
    }

    HostFlowProcess environment(String key, String value) {
        environment.put(key, value);
        return this;
    }

    static Path jar() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("run through maven-failsafe after package: -D" + JAR_PROPERTY
                    + " must name the built jar, was " + jar);
        }
        return Path.of(jar);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar on a fresh free port (a killed process may leave its port in TIME_WAIT). */
    HostFlowProcess start() {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=240m", "-XX:+UseSerialGC"));
        command.addAll(launcher);
        command.add("--server.port=" + port);
        command.addAll(arguments);
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + "-" + (++starts) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        return this;
    }

    HostFlowProcess awaitReady(Duration timeout) {
        return awaitAnswer("/actuator/health/readiness", timeout);
    }

    HostFlowProcess awaitAnswer(String path, Duration timeout) {
        HostFlowApi probe = new HostFlowApi(baseUrl(), null, null);
        Awaitility.await(name + " ready on port " + port).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue()
                                + " before it was ready; see " + logDirectory);
                    }
                    return probe.statusOf(path) == 200;
                });
        return this;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM: Spring closes the context (and the embedded database) the way an orchestrator's stop does. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(60))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(30));
            }
        }
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PID PostgreSQL wrote into its data directory's lock file, when it runs. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
