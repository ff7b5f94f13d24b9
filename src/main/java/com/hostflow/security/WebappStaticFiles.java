package com.hostflow.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The Camunda webapps' scripts, styles, fonts and images ({@code /camunda/lib/deps.js} alone is 3.8 MB) may be kept by
 * the browser and checked again with their {@code Last-Modified} ({@code Cache-Control: no-cache}, a 304 when
 * unchanged): with Spring Security's {@code no-store} every Cockpit or Tasklist page fetched and compiled them anew
 * (~1.7 s of the browser's CPU per page). Everything else, the webapps' pages (they carry a CSRF token and a
 * script nonce) and their API among them, keeps {@code no-store}.
 */
final class WebappStaticFiles implements RequestMatcher {

    private static final String WEBAPPS = "/camunda/";
    private static final String WEBAPP_API = "/camunda/api/";
    private static final Set<String> STATIC_KINDS = Set.of(".js", ".css", ".woff", ".woff2", ".ttf", ".eot", ".svg",
            ".png", ".gif", ".jpg", ".ico", ".map");

    /** Kept and checked again for the webapps' static files, never stored for anything else. */
    static HeaderWriter[] cacheHeaders() {
        WebappStaticFiles staticFiles = new WebappStaticFiles();
        return new HeaderWriter[] {
                new DelegatingRequestMatcherHeaderWriter(staticFiles,
                        new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-cache")),
                new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(staticFiles),
                        new CacheControlHeadersWriter()) };
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(WEBAPPS) || path.startsWith(WEBAPP_API)) {
            return false;
        }
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && STATIC_KINDS.contains(path.substring(dot));
    }
}
