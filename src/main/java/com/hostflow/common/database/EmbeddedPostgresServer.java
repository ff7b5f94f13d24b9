package com.hostflow.common.database;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A durable PostgreSQL server on a data directory that outlives HostFlow: {@code fsync}, {@code synchronous_commit}
 * and {@code full_page_writes} on, so a commit HostFlow acknowledged is on disk. The binaries come inside the
 * {@code io.zonky.test.postgres} jars (nothing is downloaded at run time).
 *
 * <p>The server runs as its own process ({@code pg_ctl start}), so after a {@code kill -9} of HostFlow it may still
 * be running, or it may have been killed too and left a stale {@code postmaster.pid}. Both are handled on the next
 * start: a postmaster still serving this directory is shut down (its clients are gone), a stale lock file is left to
 * PostgreSQL, which replays its write-ahead log before it accepts connections.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    private static final int START_ATTEMPTS = 5;
    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(60);
    private static final List<String> MUST_BE_ON = List.of("fsync", "synchronous_commit", "full_page_writes");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server on {@code dataDirectory} (created and initialised when empty) and checks it is durable. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            refuseWhenInUse(directory);
            stopOrphanedPostmaster(directory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(startWithRetries(directory, port));
            server.checkDurable();
            log.info("embedded PostgreSQL on port {} with data in {}", server.port(), directory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Creates the database unless it exists (first start on a fresh data directory). */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
                log.info("created database {} on the embedded PostgreSQL", database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    /** Fast shutdown: open transactions roll back, committed ones are already on disk. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private void checkDurable() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String setting : MUST_BE_ON) {
                var result = statement.executeQuery("SHOW " + setting);
                result.next();
                if (!"on".equals(result.getString(1))) {
                    throw new IllegalStateException("embedded PostgreSQL runs with " + setting + "="
                            + result.getString(1) + ": acknowledged writes could be lost");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the embedded PostgreSQL's settings", e);
        }
    }

    private static EmbeddedPostgres startWithRetries(Path directory, int port) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setPort(port)
                        // crash recovery after a kill replays the write-ahead log before the server accepts anyone
                        .setPGStartupWait(Duration.ofMinutes(2))
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("max_connections", "100")
                        .start();
            } catch (IOException | IllegalStateException e) {
                // the backends of a postmaster killed a moment ago may still hold its shared memory for a while
                if (attempt == START_ATTEMPTS) {
                    throw e;
                }
                log.warn("embedded PostgreSQL did not start (attempt {} of {}): {}; trying again", attempt,
                        START_ATTEMPTS, e.getMessage());
                pause(Duration.ofSeconds(2L * attempt));
            }
        }
    }

    /** Another HostFlow holding the directory's lock is alive: two servers on one directory would corrupt it. */
    private static void refuseWhenInUse(Path directory) throws IOException {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(directory + " is used by another running HostFlow; stop it first or"
                        + " set hostflow.embedded-database.data-directory to another directory");
            }
        }
    }

    /**
     * A postmaster that still serves this directory lost its HostFlow (killed): shut it down so this process can
     * start its own. A PID that now belongs to another program means the lock file is stale: remove it.
     */
    private static void stopOrphanedPostmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve(PID_FILE);
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.info("stale {} of PID {} in {}: PostgreSQL recovers from its write-ahead log", PID_FILE, pid.get(),
                    directory);
            return;
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty()) {
            // not ours to judge (another user's process): PostgreSQL itself refuses to start with a clear message
            return;
        }
        if (!command.get().endsWith("postgres")) {
            log.info("{} names PID {}, which is no longer PostgreSQL: removing the stale lock file", PID_FILE,
                    pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("PostgreSQL (PID {}) of an earlier HostFlow still serves {}: shutting it down", pid.get(), directory);
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("PostgreSQL (PID {}) did not stop within {}: killing it", pid.get(), ORPHAN_SHUTDOWN);
            process.get().destroyForcibly();
            process.get().onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for PostgreSQL " + pid.get() + " to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL " + pid.get(), e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            log.debug("cannot read {}", pidFile, e);
            return Optional.empty();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded PostgreSQL", e);
        }
    }
}
