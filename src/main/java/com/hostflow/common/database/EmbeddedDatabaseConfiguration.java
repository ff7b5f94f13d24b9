package com.hostflow.common.database;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The default profile's database: a PostgreSQL server started before anything touches the {@link DataSource}
 * (Flyway, the engine, JPA) and stopped after they are closed. The same database as production and the tests, with
 * production's durability, so the zero-setup run keeps every acknowledged write through a crash.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hostflow.embedded-database.enabled", havingValue = "true")
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties.dataDirectory(), properties.port());
        server.ensureDatabase(properties.database());
        return server;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(properties.database()));
        config.setPoolName("embedded-postgres");
        config.setMaximumPoolSize(20);
        return new HikariDataSource(config);
    }
}
