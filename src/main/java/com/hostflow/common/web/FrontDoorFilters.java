package com.hostflow.common.web;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import jakarta.servlet.Filter;

@Configuration(proxyBeanMethods = false)
class FrontDoorFilters {

    /** First of all filters, before security: a starting node neither checks logins nor reads bodies. */
    @Bean
    FilterRegistrationBean<ReadinessGate> readinessGate(ApplicationAvailability availability) {
        FilterRegistrationBean<ReadinessGate> registration = new FilterRegistrationBean<>(new ReadinessGate(availability));
        registration.addUrlPatterns("/api/*", "/engine-rest/*", "/actuator/health/readiness");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("readiness-gate");
        return registration;
    }

    @Bean
    FilterRegistrationBean<UnknownEngineGuard> unknownEngineGuard(ProcessEngine engine) {
        FilterRegistrationBean<UnknownEngineGuard> registration =
                new FilterRegistrationBean<>(new UnknownEngineGuard(engine));
        registration.addUrlPatterns("/camunda/app/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setName("unknown-engine-guard");
        return registration;
    }

    @Bean
    FilterRegistrationBean<NulQueryGuard> nulQueryGuard() {
        return atTheApiDoor(new NulQueryGuard(), "nul-query-guard");
    }

    /** Before security, so a body too large is refused unread whoever sends it. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit() {
        return atTheApiDoor(new RequestBodyLimit(), "request-body-limit");
    }

    /**
     * The pages' form fields and query parameters, before security (whose CSRF check reads the form anyway) and after
     * the character-encoding filter, so the form is decoded as UTF-8. The login forms too, the pages' and the
     * webapps': a NUL in a username reached the engine's user query, which PostgreSQL refused with a 500.
     */
    @Bean
    FilterRegistrationBean<PageParameterGuard> pageParameterGuard() {
        FilterRegistrationBean<PageParameterGuard> registration =
                new FilterRegistrationBean<>(new PageParameterGuard());
        registration.addUrlPatterns("/my", "/my/*", "/console", "/console/*", "/login", "/camunda/api/admin/auth/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("page-parameter-guard");
        return registration;
    }

    /**
     * Registered switched off, so Spring Boot adds none of its own: with a webjars locator on the classpath (Swagger
     * UI's) Boot put this filter before the pages, and every link Thymeleaf wrote ({@code @{...}}) was looked up as a
     * static resource through the resource chain, whose cache keeps only what it found: each link of every page
     * searched the classpath's jars again, about half the CPU the server spent on a console page. No page links a
     * webjar or a versioned resource, so it never changed a link; Swagger UI's own resources resolve without it.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncoding() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        registration.setName("no-resource-url-encoding");
        return registration;
    }

    /** Right after the readiness gate, before security: refuses what no API handler can read. */
    private static <F extends Filter> FilterRegistrationBean<F> atTheApiDoor(F filter, String name) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName(name);
        return registration;
    }
}
