package com.hostflow.security;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.camunda.bpm.webapp.impl.security.filter.util.HttpSessionMutexListener;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;

/**
 * A call to the webapps ({@code /camunda/api/*}, {@code /camunda/app/*}) without a live session opens one only to hand
 * out a CSRF token: the one thing their login needs a session before it for (the login form's POST carries the
 * token, as the console's login page does). Camunda's filters ask for a session first thing on every call, so every
 * anonymous call, each one answered 401 or 403 included, left a session in the server and a {@code JSESSIONID} cookie
 * in the client. Such a call now gets a session that lives in the request only, and becomes the container's when
 * Camunda stores a token in it: an app page, or a read of the apps' API before their login (what the apps send when
 * they show it, also after a 401), still start the session the login then uses.
 */
final class WebappSessionOnDemand extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request.getSession(false) == null ? new OnDemand(request) : request, response);
    }

    /** Hands out the request's own session until the container's exists. */
    private static final class OnDemand extends HttpServletRequestWrapper {

        private RequestSession own;

        OnDemand(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            HttpSession container = super.getSession(false);
            if (container != null || (own == null && !create)) {
                return container;
            }
            if (own != null && own.container != null) {
                // the container's session it became has ended since: as the container answers
                return super.getSession(create);
            }
            if (own == null) {
                own = new RequestSession(this);
            }
            return own;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        HttpSession containerSession() {
            return super.getSession(true);
        }
    }

    /** A session of this request only, with what the container's listeners give a new one (Camunda's mutexes). */
    private static final class RequestSession implements HttpSession {

        private final OnDemand request;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final String id = UUID.randomUUID().toString();
        private final long created = System.currentTimeMillis();
        private HttpSession container;

        RequestSession(OnDemand request) {
            this.request = request;
            new HttpSessionMutexListener().sessionCreated(new HttpSessionEvent(this));
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (container == null && CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME.equals(name)) {
                // a token handed out: the session the login will use starts now, with what this request put in it
                container = request.containerSession();
                attributes.forEach(container::setAttribute);
            }
            if (container != null) {
                container.setAttribute(name, value);
            } else if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public Object getAttribute(String name) {
            return container != null ? container.getAttribute(name) : attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return container != null ? container.getAttributeNames() : Collections.enumeration(attributes.keySet());
        }

        @Override
        public void removeAttribute(String name) {
            if (container != null) {
                container.removeAttribute(name);
            } else {
                attributes.remove(name);
            }
        }

        @Override
        public void invalidate() {
            if (container != null) {
                container.invalidate();
            }
            attributes.clear();
        }

        @Override
        public String getId() {
            return container != null ? container.getId() : id;
        }

        @Override
        public long getCreationTime() {
            return container != null ? container.getCreationTime() : created;
        }

        @Override
        public long getLastAccessedTime() {
            return container != null ? container.getLastAccessedTime() : created;
        }

        @Override
        public ServletContext getServletContext() {
            return request.getServletContext();
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
            if (container != null) {
                container.setMaxInactiveInterval(interval);
            }
        }

        @Override
        public int getMaxInactiveInterval() {
            return container != null ? container.getMaxInactiveInterval() : 0;
        }

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
