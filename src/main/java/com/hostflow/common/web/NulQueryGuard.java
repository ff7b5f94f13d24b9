package com.hostflow.common.web;

import java.io.IOException;
import java.util.Locale;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tomcat refuses {@code %00} in the path, but not in the query string, and PostgreSQL cannot compare text with a NUL
 * character: refuse it at the door with a 400 problem instead of a database error later.
 */
public class NulQueryGuard extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    "query parameters must not contain NUL characters (%00)");
            return;
        }
        chain.doFilter(request, response);
    }
}
