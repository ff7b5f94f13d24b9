package com.hostflow.common.web;

import java.io.IOException;
import java.util.Map;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages' counterpart of {@link NulQueryGuard} and the API's NUL-free strings: a form field or query parameter of
 * the console or the client area with a NUL character or an unpaired UTF-16 surrogate is refused with a 400 before
 * any controller runs. PostgreSQL cannot store a NUL in text, so such a value would otherwise fail long after the
 * form was accepted (an order paid, its service stuck in PROCESSING).
 */
public class PageParameterGuard extends OncePerRequestFilter {

    static final String MESSAGE = "form fields must not contain NUL characters or unpaired surrogates";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!storable(parameter.getKey())) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
                return;
            }
            for (String value : parameter.getValue()) {
                if (!storable(value)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** No NUL and no surrogate without its partner. */
    static boolean storable(String text) {
        return StorableText.problem(text) == null;
    }
}
