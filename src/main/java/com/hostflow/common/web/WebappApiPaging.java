package com.hostflow.common.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The paging parameters of the webapps' own APIs (Cockpit's, Tasklist's and Admin's plugin resources under
 * {@code /camunda/api/cockpit}, {@code /api/tasklist}, {@code /api/admin}), checked as {@link EngineRestQueryParameters}
 * checks the engine REST's: those are Jersey applications of Camunda's own that take no provider of HostFlow's, and
 * {@code /camunda/api/cockpit/plugin/base/default/process-instance?maxResults=-5} reached PostgreSQL's {@code LIMIT}
 * (a 500 with an ERROR logged), {@code ?maxResults=abc} answered JAX-RS's 404. Same 400 in the same shape. Checked
 * only for a session with a webapp login, so a caller without one still gets the webapps' 401 first.
 */
class WebappApiPaging extends OncePerRequestFilter {

    private static final String COCKPIT_PLUGINS = "/camunda/api/cockpit/plugin/";
    private static final List<String> BODY_ONLY = List.of("startedBefore", "startedAfter", "withIncident");

    private final ObjectMapper json = new ObjectMapper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the webapps' engine REST has the Jersey filter itself; without a webapp login in the session the webapps'
        // own filter answers first (read from the session: the webapps' filters may run before or after this one)
        HttpSession session = request.getSession(false);
        Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        return request.getRequestURI().startsWith(request.getContextPath() + "/camunda/api/engine/")
                || logins == null || logins.getAuthentications().isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the query string only: reading the request's parameters would consume a login form's body
        MultiValueMap<String, String> query = UriComponentsBuilder.newInstance().query(request.getQueryString())
                .build().getQueryParams();
        Optional<String> refusal = EngineRestQueryParameters.refusal(name -> query.getOrDefault(name, List.of())
                .stream().map(WebappApiPaging::decoded).toList())
                .or(() -> onlyInABody(request, query));
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(),
                Map.of("type", "InvalidRequestException", "message", refusal.get()));
    }

    /**
     * Cockpit's process instance search (its lists of a definition's instances and of called ones) reads a date or
     * yes/no filter from the query string with converters that need a JSON mapper only its POST body gets: a GET with
     * {@code startedBefore}, {@code startedAfter} or {@code withIncident} was a 500 NullPointerException. Cockpit
     * itself sends them in a POST body.
     */
    private static Optional<String> onlyInABody(HttpServletRequest request, MultiValueMap<String, String> query) {
        if (!"GET".equals(request.getMethod())
                || !request.getRequestURI().startsWith(request.getContextPath() + COCKPIT_PLUGINS)
                || !request.getRequestURI().contains("process-instance")) {
            return Optional.empty();
        }
        return BODY_ONLY.stream().filter(query::containsKey).findFirst().map(name -> "Cannot set query parameter '"
                + name + "' in the query string here: send the search as a POST with '" + name + "' in its JSON body");
    }

    /** A value as the API would read it; one that does not decode ({@code %zz}) as sent, which is refused then. */
    private static String decoded(String value) {
        if (value == null) {
            return "";
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncodedRight) {
            return value;
        }
    }
}
