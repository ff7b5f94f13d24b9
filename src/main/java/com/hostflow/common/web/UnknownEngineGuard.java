package com.hostflow.common.web;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Camunda webapps fail with a {@code NullPointerException} (500) for an engine name that does not exist, e.g.
 * {@code /camunda/app/cockpit/nope/}: answer 404 naming the engines there are.
 */
public class UnknownEngineGuard extends OncePerRequestFilter {

    /**
     * An app's start page names the engine: {@code /camunda/app/cockpit/default/}. The app's own files sit beside it
     * ({@code /camunda/app/cockpit/camunda-cockpit-bootstrap.js}), so a segment with a dot is a file, not an engine.
     */
    private static final Pattern ENGINE_SEGMENT = Pattern.compile(
            "^/camunda/app/(?:cockpit|tasklist|admin|welcome)/([^/.]+)/?$");

    private final ProcessEngine engine;

    public UnknownEngineGuard(ProcessEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = ENGINE_SEGMENT.matcher(request.getRequestURI());
        if (matcher.matches() && !isEngine(matcher.group(1))) {
            ProblemJson.write(request, response, HttpServletResponse.SC_NOT_FOUND,
                    "no process engine of that name; this node runs '" + engine.getName() + "'");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isEngine(String name) {
        return engine.getName().equals(name) || ProcessEngines.getProcessEngines().containsKey(name);
    }
}
