package com.hostflow.support;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.zaxxer.hikari.HikariDataSource;

/** Points the application at a fresh database on the embedded PostgreSQL server, through a real connection pool. */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfiguration {

    @Bean
    @Primary
    DataSource dataSource() {
        DataSource raw = StatementCounter.wrapIfEnabled(EmbeddedPostgres.newDatabaseForSpring());
        HikariDataSource pool = DataSourceBuilder.create().type(HikariDataSource.class).build();
        pool.setDataSource(raw);
        pool.setMaximumPoolSize(20);
        pool.setPoolName("test-postgres");
        return pool;
    }
}
