package com.hostflow.lifecycle.sync;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The drift reconciliation's settings bean. */
@Configuration(proxyBeanMethods = false)
class ServiceSyncConfiguration {

    static final String PREFIX = "hostflow.sync";

    /** Named so that ServiceSyncProcess reaches it as {@code ${serviceSyncSettings.roundCycle}}. */
    @Bean("serviceSyncSettings")
    ServiceSyncSettings serviceSyncSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate(PREFIX, ServiceSyncSettings.class);
    }
}
