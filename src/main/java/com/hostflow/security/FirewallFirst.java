package com.hostflow.security;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;

import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;

/**
 * Spring Security's firewall, run before Spring Security itself on the paths of servlets mapped to a path prefix (the
 * webapps' APIs at {@code /camunda/api/engine/*} and the like, the engine REST at {@code /engine-rest/*}). Spring
 * Security parses the request path (its {@code ServletRequestPathFilter}) before its firewall looks at it, and that
 * parsing fails with an {@code IllegalArgumentException} (a 500) when the request URI does not start with the servlet
 * path Tomcat mapped it to: Tomcat merges doubled slashes and decodes escapes before it chooses a servlet, so
 * {@code /camunda//api/engine/...} and {@code /camunda/api/%65ngine/...} reach the servlet at
 * {@code /camunda/api/engine/*}, and {@code //engine-rest/task} the engine REST. Here the firewall refuses what it
 * refuses anywhere ({@link ProblemRequestRejectedHandler}), and a path that still cannot be parsed is refused the same
 * way, both with a 400 problem. Spring MVC's own servlet is mapped at {@code /}, where the parsing cannot fail and
 * Spring Security's firewall already refuses such paths first: its requests pass untouched.
 */
class FirewallFirst extends OncePerRequestFilter {

    private final HttpFirewall firewall;
    private final RequestRejectedHandler rejected;

    FirewallFirst(HttpFirewall firewall, RequestRejectedHandler rejected) {
        this.firewall = firewall;
        this.rejected = rejected;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            HttpServletRequest firewalled = firewall.getFirewalledRequest(request);
            readEveryHeader(firewalled);
            if (!formBody(request)) {
                readEveryParameterName(firewalled);
            }
        } catch (RequestRejectedException e) {
            rejected.handle(request, response, e);
            return;
        }
        if (request.getHttpServletMapping().getMappingMatch() != MappingMatch.PATH) {
            chain.doFilter(request, response);
            return;
        }
        try {
            ServletRequestPathUtils.parse(request);
        } catch (IllegalArgumentException e) {
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST, "the request path is not"
                    + " allowed: it is not written the way the server reads it (an escaped letter or a doubled slash"
                    + " before the application's path); send it plainly");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The parameter names likewise (a control character in one), which the firewall checked only where something
     * listed them: an anonymous page's saved request did, a logged-in {@code /my?a%01b=1} was answered. A form body is
     * left unread for whoever reads it (the engine REST, Jersey's login form); the pages' guard reads theirs anyway.
     */
    private static void readEveryParameterName(HttpServletRequest firewalled) {
        Enumeration<String> names = firewalled.getParameterNames();
        while (names.hasMoreElements()) {
            names.nextElement();
        }
    }

    private static boolean formBody(HttpServletRequest request) {
        String type = request.getContentType();
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/");
    }

    /** The firewalled request checks each header name and value as it is read: read them all, now. */
    private static void readEveryHeader(HttpServletRequest firewalled) {
        Enumeration<String> names = firewalled.getHeaderNames();
        while (names.hasMoreElements()) {
            Enumeration<String> values = firewalled.getHeaders(names.nextElement());
            while (values.hasMoreElements()) {
                values.nextElement();
            }
        }
    }
}
