package com.hostflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM, started on first use and stopped when the JVM exits. Every Spring context
 * of the test suite gets its own fresh database on it, so contexts never see each other's rows.
 */
public final class EmbeddedPostgres {

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private static int databases;

    private EmbeddedPostgres() {
    }

    public static synchronized DataSource newDatabase() {
        String name = "hostflow_" + (++databases);
        try (var connection = server().getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getDatabase("postgres", name);
    }

    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server;
    }
}
