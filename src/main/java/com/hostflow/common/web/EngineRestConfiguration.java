package com.hostflow.common.web;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineRestConfiguration {

    /** Spring Boot's Jersey set-up applies this to the engine REST's resource config. */
    @Bean
    ResourceConfigCustomizer engineRestInputErrors() {
        return config -> config.register(EngineRestInputErrors.class).register(EngineRestEngineErrors.class)
                .register(EngineRestCauseMessages.class);
    }
}
