package com.hostflow.security;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request of the pages or the webapps' API whose session ended while it ran: another request of the session ended
 * it (a logout in another tab, Cockpit's logout or login, which end the whole shared session) or it timed out. Tomcat
 * then refuses every read and write of the session the request holds, and whatever touched it next failed the
 * request with a 500 ("Session already invalidated"): the console's check that the login is still valid, which reads
 * the user's password stamp and rights in between (37 of 300 requests racing a logout on the demo), the CSRF token a
 * page's form writes into it, the new session id a login gives it, the webapps' password check or Camunda's own
 * authentication filter. Such a request is answered as one of an ended session is: the login page, or the webapps'
 * 401. What it wrote before stays written, as it would had the logout come a moment later.
 */
final class SessionEndedMidRequest extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionEndedMidRequest.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
            if (response.isCommitted() || !endedMeanwhile(request, e)) {
                throw e;
            }
            log.info("the session of {} {} ended while it ran", request.getMethod(), request.getRequestURI());
            response.reset();
            if (request.getRequestURI().startsWith(request.getContextPath() + "/camunda/")) {
                // the webapps' answer to a request of an ended session: their app shows the login
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            } else {
                response.sendRedirect(request.getContextPath() + "/login?expired");
            }
        }
    }

    /** Tomcat refused the session the request came with, which no longer exists (a read of it, a new id for it). */
    private static boolean endedMeanwhile(HttpServletRequest request, Throwable failure) {
        if (request.getRequestedSessionId() == null || request.isRequestedSessionIdValid()) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            StackTraceElement[] where = cause.getStackTrace();
            if (cause instanceof IllegalStateException && where.length > 0
                    && where[0].getClassName().startsWith("org.apache.catalina.")) {
                return true;
            }
        }
        return false;
    }
}
