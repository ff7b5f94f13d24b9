package com.hostflow.security;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The webapps' login and logout in the session the pages share ({@code /console}, {@code /my}: one
 * {@code JSESSIONID}). Camunda's logout only forgets its own login and keeps the session, so a console or client-area
 * login made in it stayed logged in after "Log out" in Cockpit: a successful logout now ends the whole session.
 * Camunda's login starts a new session holding its own login only (the pages' login ends with the old one); when the
 * pages' login is the same user's, it moves into the new session, so an admin following a console link into Cockpit
 * keeps the console. Someone else's never does: a session holds one person ({@link OnePersonPerSession}).
 */
final class WebappSessionLogins extends OncePerRequestFilter {

    private static final Pattern LOGIN = Pattern.compile("^/camunda/api/admin/auth/user/([^/]+)/login/[^/]+$");
    /** With or without a trailing slash: Camunda logs out either way (the pages' login stayed after the second). */
    private static final Pattern LOGOUT = Pattern.compile("^/camunda/api/admin/auth/user/[^/]+/logout/?$");
    private static final String PAGES_LOGIN = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;
    /** Where Camunda keeps the webapps' logins in the session ({@code AuthenticationUtil}'s own key is protected). */
    static final String WEBAPP_LOGINS = "authenticatedUser";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean post = "POST".equals(request.getMethod());
        Matcher login = LOGIN.matcher(path);
        if (post && login.matches()) {
            loginKeepingTheSameUsersPagesLogin(request, response, chain, login.group(1));
            return;
        }
        chain.doFilter(request, response);
        if (post && LOGOUT.matcher(path).matches() && response.getStatus() < 300) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    private void loginKeepingTheSameUsersPagesLogin(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, String engine) throws ServletException, IOException {
        HttpSession before = request.getSession(false);
        String pagesUser = before == null ? null : pagesUser(before);
        Object pages = pagesUser == null ? null : before.getAttribute(PAGES_LOGIN);
        Object stamp = pagesUser == null ? null : before.getAttribute(PasswordStamps.SESSION_ATTRIBUTE);
        String beforeId = before == null ? null : before.getId();
        chain.doFilter(request, response);
        HttpSession after = request.getSession(false);
        if (pagesUser == null || after == null || after.getId().equals(beforeId) || response.getStatus() >= 300) {
            return;
        }
        org.camunda.bpm.webapp.impl.security.auth.Authentication webappUser =
                after.getAttribute(WEBAPP_LOGINS) instanceof Authentications webapps
                        ? webapps.getAuthenticationForProcessEngine(engine) : null;
        if (webappUser != null && pagesUser.equals(webappUser.getIdentityId())) {
            after.setAttribute(PAGES_LOGIN, pages);
            if (stamp != null) {
                after.setAttribute(PasswordStamps.SESSION_ATTRIBUTE, stamp);
            }
        }
    }

    /** The user a session's pages' login is, or null. */
    static String pagesUser(HttpSession session) {
        Object held = session.getAttribute(PAGES_LOGIN);
        Authentication who = held instanceof SecurityContext context ? context.getAuthentication() : null;
        return who == null ? null : who.getName();
    }
}
