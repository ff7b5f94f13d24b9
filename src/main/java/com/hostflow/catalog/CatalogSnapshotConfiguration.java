package com.hostflow.catalog;

import org.hibernate.cfg.AvailableSettings;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hibernate reports catalog writes to the node's catalog snapshots. */
@Configuration(proxyBeanMethods = false)
class CatalogSnapshotConfiguration {

    @Bean
    HibernatePropertiesCustomizer catalogChangeInterceptor(CatalogSnapshots snapshots) {
        return properties -> properties.put(AvailableSettings.INTERCEPTOR, new CatalogChangeInterceptor(snapshots));
    }
}
