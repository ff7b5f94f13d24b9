package com.hostflow.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The webapps' sessions (Cockpit, Tasklist, Admin) end with a password change as the pages' do ({@link PasswordStamps}):
 * a login to them keeps the stamp of the password it was made with, and a call to their API ({@code /camunda/api/*})
 * whose user has another password now ends the session, so the call answers 401 and the app shows its login. Camunda's
 * own session only rechecks the user's groups now and then, never the password. A user who changes their own password
 * in the session (Admin's profile page) keeps it. Registered before Camunda's filters, which then find no session.
 */
final class WebappPasswordCheck extends OncePerRequestFilter {

    private static final Pattern LOGIN = Pattern.compile("^/camunda/api/admin/auth/user/([^/]+)/login/[^/]+$");
    /** A user's password changed through the webapps' engine REST (what Admin's profile page sends). */
    private static final Pattern OWN_PASSWORD =
            Pattern.compile("^/camunda/api/engine/engine/([^/]+)/user/([^/]+)/credentials$");
    private static final String ATTRIBUTE = WebappPasswordCheck.class.getName() + ".";

    private final PasswordStamps stamps;

    WebappPasswordCheck(PasswordStamps stamps) {
        this.stamps = stamps;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher login = LOGIN.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (login.matches() && "POST".equals(request.getMethod())) {
            loginWithStamp(request, response, chain, login.group(1));
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null && !passwordsUnchanged(session)) {
            session.invalidate();
        }
        chain.doFilter(request, response);
        Matcher own = OWN_PASSWORD.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (own.matches() && "PUT".equals(request.getMethod()) && response.getStatus() < 300) {
            keepAfterOwnChange(request.getSession(false), own.group(1), own.group(2));
        }
    }

    /** The user changed their own password in this session (Admin's "My profile"): it takes the new stamp. */
    private void keepAfterOwnChange(HttpSession session, String engine, String userId) {
        if (session == null) {
            return;
        }
        for (UserAuthentication user : users(session)) {
            if (user.getProcessEngineName().equals(engine) && user.getIdentityId().equals(userId)) {
                stamps.current(userId).ifPresent(stamp -> session.setAttribute(key(user), stamp));
            }
        }
    }

    /** The stamp is read before the password is checked: a change meanwhile ends the new session at once. */
    private void loginWithStamp(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            String engine) throws ServletException, IOException {
        String username = request.getParameter("username");
        Optional<String> before = stamps.current(username);
        chain.doFilter(request, response);
        HttpSession session = request.getSession(false);
        if (session == null || response.getStatus() >= 300 || before.isEmpty()) {
            return;
        }
        for (UserAuthentication user : users(session)) {
            if (user.getProcessEngineName().equals(engine) && user.getIdentityId().equals(username)) {
                session.setAttribute(key(user), before.get());
            }
        }
    }

    private boolean passwordsUnchanged(HttpSession session) {
        for (UserAuthentication user : users(session)) {
            Object held = session.getAttribute(key(user));
            Optional<String> now = stamps.current(user.getIdentityId());
            if (held == null) {
                // logged in another way than the login above (none in HostFlow): from now on
                now.ifPresent(stamp -> session.setAttribute(key(user), stamp));
            } else if (!PasswordStamps.same(held, now.orElse(null))) {
                return false;
            }
        }
        return true;
    }

    private static List<UserAuthentication> users(HttpSession session) {
        Authentications logins = AuthenticationUtil.getAuthsFromSession(session);
        if (logins == null) {
            return List.of();
        }
        return logins.getAuthentications().stream().filter(UserAuthentication.class::isInstance)
                .map(UserAuthentication.class::cast).toList();
    }

    private static String key(UserAuthentication user) {
        return ATTRIBUTE + user.getProcessEngineName() + "/" + user.getIdentityId();
    }
}
