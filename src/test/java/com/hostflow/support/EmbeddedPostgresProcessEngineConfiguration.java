package com.hostflow.support;

import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The standalone engine of the BPMN path tests ({@code camunda.cfg.xml}) on its own fresh database of the test JVM's
 * embedded PostgreSQL: the same database as the application, so no test passes on another SQL dialect only.
 */
public class EmbeddedPostgresProcessEngineConfiguration extends StandaloneProcessEngineConfiguration {

    public EmbeddedPostgresProcessEngineConfiguration() {
        setDataSource(EmbeddedPostgres.newDatabase());
        setDatabaseSchemaUpdate(DB_SCHEMA_UPDATE_TRUE);
    }
}
