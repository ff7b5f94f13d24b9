package com.hostflow.support;

import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The standalone engine of the BPMN path tests ({@code standalone-engine.cfg.xml}, {@link StandaloneEngine}) on its
 * own fresh database of the test JVM's embedded PostgreSQL: the same database as the application, so no test passes
 * on another SQL dialect only. Through a small pool: the engine opens a connection per command, and a new PostgreSQL
 * backend for each (a process forked and set up) cost the BPMN tests most of their CPU.
 */
public class EmbeddedPostgresProcessEngineConfiguration extends StandaloneProcessEngineConfiguration {

    public EmbeddedPostgresProcessEngineConfiguration() {
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(EmbeddedPostgres.newDatabase());
        pool.setMaximumPoolSize(4);
        pool.setPoolName("standalone-process-tests");
        setDataSource(pool);
        setDatabaseSchemaUpdate(DB_SCHEMA_UPDATE_TRUE);
    }
}
