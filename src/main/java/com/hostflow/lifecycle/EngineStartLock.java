package com.hostflow.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.stereotype.Component;

/**
 * One node at a time builds its engine and sets up what the engine holds (schema, admin user, filters, role grants,
 * process models): a PostgreSQL advisory lock taken before the engine is built and given back when the application
 * context is refreshed (or fails). Without it two nodes started at once on a new database both create Camunda's
 * tables ({@code schema-update}) and one of them exits on a duplicate table; the others' starts wait for it instead.
 * The lock is a session lock on a connection of its own, so it also ends when the node dies.
 */
@Component
class EngineStartLock extends AbstractProcessEnginePlugin
        implements ApplicationListener<ContextRefreshedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EngineStartLock.class);
    /** Any number other locks of HostFlow do not use; here the bytes of "HFengine". */
    private static final long KEY = 0x4846656e67696e65L;

    private final DataSource dataSource;
    private Connection connection;

    EngineStartLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public synchronized void preInit(ProcessEngineConfigurationImpl configuration) {
        long started = System.nanoTime();
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_advisory_lock(" + KEY + ")");
            }
        } catch (SQLException e) {
            release();
            throw new IllegalStateException("cannot take the engine start lock", e);
        }
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        if (waitedMillis > 1_000) {
            log.info("waited {} ms for another node to finish starting its engine", waitedMillis);
        }
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        release();
    }

    @Override
    public void destroy() {
        release();
    }

    private synchronized void release() {
        if (connection == null) {
            return;
        }
        try (Connection held = connection; Statement statement = held.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            log.warn("could not give the engine start lock back; it ends with its connection: {}", e.getMessage());
        } finally {
            connection = null;
        }
    }
}
