package com.hostflow.common.web;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ReadinessConfiguration {

    /** First of all filters, before security: a starting node neither checks logins nor reads bodies. */
    @Bean
    FilterRegistrationBean<ReadinessGate> readinessGate(ApplicationAvailability availability) {
        FilterRegistrationBean<ReadinessGate> registration = new FilterRegistrationBean<>(new ReadinessGate(availability));
        registration.addUrlPatterns("/api/*", "/engine-rest/*", "/actuator/health/readiness");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("readiness-gate");
        return registration;
    }
}
