package com.hostflow.common.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL server the default (demo) profile runs inside HostFlow's own process tree.
 *
 * @param enabled       start it and use it as the application's database
 * @param dataDirectory where its files live; kept across restarts (delete it to start over)
 * @param port          the port it listens on (localhost only); 0 picks a free one on every start
 * @param database      the database HostFlow uses on it, created on the first start
 */
@ConfigurationProperties("hostflow.embedded-database")
public record EmbeddedDatabaseProperties(boolean enabled, @DefaultValue("./data/postgres") Path dataDirectory,
        @DefaultValue("0") int port, @DefaultValue("hostflow") String database) {
}
