package com.hostflow.common.web;

import java.io.IOException;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps callers out until HostFlow is ready. The web server listens before the start-up work is done (the demo
 * seeders need its port), so until Spring Boot declares readiness (after Flyway, the engine with its users and
 * groups, and every start-up runner such as the demo data) the API, the engine REST and the readiness probe answer
 * 503 with {@code Retry-After}, and nobody sees a half-seeded application.
 */
public class ReadinessGate extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "5";

    private final ApplicationAvailability availability;

    public ReadinessGate(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Cache-Control", "no-store");
        ProblemJson.write(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "HostFlow is starting (database, users or demo data not ready yet); retry in " + RETRY_AFTER_SECONDS
                        + " s");
    }
}
