package com.hostflow.common.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tomcat refuses {@code %00} in the path, but not in the query string, and PostgreSQL cannot compare text with a NUL
 * character: refuse it at the door with a 400 problem instead of a database error later, naming each parameter that
 * holds one in {@code errors} ({@code query} for a NUL in a parameter's name).
 */
public class NulQueryGuard extends OncePerRequestFilter {

    static final String MESSAGE = "must not contain a NUL character (%00)";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            List<FieldProblem> problems = new ArrayList<>();
            parametersWithNul(query).forEach(name -> problems.add(new FieldProblem(name, MESSAGE)));
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST, problems);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The names of the parameters whose value holds {@code %00}, in the query's order, each once. */
    static Set<String> parametersWithNul(String query) {
        Set<String> names = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (name.toLowerCase(Locale.ROOT).contains("%00")) {
                names.add("query");
            } else if (pair.toLowerCase(Locale.ROOT).contains("%00")) {
                names.add(decoded(name));
            }
        }
        return names;
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name; // a broken escape: named as sent
        }
    }
}
