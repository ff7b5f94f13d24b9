package com.hostflow.security;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Every node hears every change of a login, wherever it was made: the engine's identity store announces the user on a
 * PostgreSQL channel in the transaction that changes it ({@link #announce}; PostgreSQL delivers it when that commits,
 * never for a rollback), and each node listens on one connection of its own, outside the pool, and forgets the user
 * in its {@link LoginCache}. A change made on one node was heard only there, and another node took the old password
 * from its cache for up to {@code hostflow.security.login-cache}. While a node does not hear (the connection lost,
 * before it is made), its cache answers nothing and every API call is checked against the engine.
 */
@Component
class LoginChanges implements SmartLifecycle {

    static final String CHANNEL = "hostflow_login_changes";
    /** Everyone: a change of a group, which may touch many users' rights (no user id is empty). */
    static final String EVERYONE = "";

    private static final Logger log = LoggerFactory.getLogger(LoginChanges.class);
    private static final long POLL_MILLIS = 500;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DataSource dataSource;
    private final LoginCache cache;
    private volatile boolean running;
    private Thread listener;

    LoginChanges(DataSource dataSource, LoginCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    /** On the connection of the transaction that makes the change: delivered when it commits. */
    static void announce(Connection connection, String userId) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, userId);
            notify.executeQuery().close();
        }
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "login-changes");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            LockSupport.unpark(listener);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * A connection of the listener's own, beside the pool: it is kept for the node's life, and a pooled one would
     * leave the API and the job executor one fewer (1 of the postgres profile's 10). The pool says where the database
     * is; a data source that is no Hikari pool lends one of its connections.
     */
    private Connection ownConnection() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            if (pool.getDataSource() != null) {
                return pool.getDataSource().getConnection();
            }
            if (pool.getJdbcUrl() != null) {
                Properties properties = new Properties();
                properties.putAll(pool.getDataSourceProperties());
                if (pool.getUsername() != null) {
                    properties.setProperty("user", pool.getUsername());
                }
                if (pool.getPassword() != null) {
                    properties.setProperty("password", pool.getPassword());
                }
                return DriverManager.getConnection(pool.getJdbcUrl(), properties);
            }
        }
        return dataSource.getConnection();
    }

    private void listen() {
        while (running) {
            try (Connection connection = ownConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                cache.hearing(true);
                while (running) {
                    PGNotification[] heard = notifications.getNotifications((int) POLL_MILLIS);
                    for (PGNotification change : heard == null ? new PGNotification[0] : heard) {
                        if (EVERYONE.equals(change.getParameter())) {
                            cache.forgetEveryone();
                        } else {
                            cache.forget(change.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("not hearing login changes of other nodes ({}); the API checks every login until it"
                            + " does again", e.toString());
                }
            } finally {
                // what was said meanwhile is lost: nothing remembered before may be trusted
                cache.hearing(false);
            }
            if (running) {
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
    }
}
