package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The listener for login changes keeps a connection of its own beside the pool, found from the pool's JDBC URL as the
 * demo and the postgres profile configure it: a pooled one, held for the node's life, left the API and the job
 * executor one fewer. It hears a change announced on another connection.
 */
class LoginChangesConnectionTest {

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;
    private LoginChanges changes;

    @AfterEach
    void stop() throws Exception {
        if (changes != null) {
            changes.stop();
        }
        if (pool != null) {
            pool.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void listensOnAConnectionOfItsOwnAndHearsAChange() throws Exception {
        postgres = EmbeddedPostgres.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        LoginCache cache = new LoginCache(Duration.ofSeconds(10));
        changes = new LoginChanges(pool, cache);

        changes.start();
        Awaitility.await("the listener").atMost(Duration.ofSeconds(30)).until(cache::hearing);

        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("pooled connections in use").isZero();
        long before = cache.generation("anna");
        try (Connection other = pool.getConnection()) {
            other.setAutoCommit(true);
            LoginChanges.announce(other, "anna");
        }
        Awaitility.await("the change heard").atMost(Duration.ofSeconds(10))
                .until(() -> cache.generation("anna") > before);
    }
}
