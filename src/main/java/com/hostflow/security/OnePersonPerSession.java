package com.hostflow.security;

import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionFixationProtectionStrategy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The pages' login in the session the Camunda webapps share: always a new session id (no session fixation), and one
 * person per session. When the session already holds a login of the same user (Cockpit, or the pages before), it
 * keeps its contents under the new id; when it holds anyone else's, the login starts a fresh session with Spring
 * Security's own attributes only, so Cockpit or Tasklist never go on acting as the admin or staff user a client (or
 * another admin) logged in over. The webapps' own login does the same the other way ({@link WebappSessionLogins}).
 */
final class OnePersonPerSession implements SessionAuthenticationStrategy {

    private final SessionAuthenticationStrategy samePerson = new ChangeSessionIdAuthenticationStrategy();
    private final SessionFixationProtectionStrategy newPerson = new SessionFixationProtectionStrategy();

    OnePersonPerSession() {
        newPerson.setMigrateSessionAttributes(false);
    }

    @Override
    public void onAuthentication(Authentication login, HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        boolean someoneElse = session != null && heldBySomeoneElse(session, login.getName());
        (someoneElse ? newPerson : samePerson).onAuthentication(login, request, response);
    }

    private static boolean heldBySomeoneElse(HttpSession session, String user) {
        String pages = WebappSessionLogins.pagesUser(session);
        if (pages != null && !pages.equals(user)) {
            return true;
        }
        return session.getAttribute(WebappSessionLogins.WEBAPP_LOGINS) instanceof Authentications webapps
                && webapps.getAuthentications().stream()
                .anyMatch(webapp -> !user.equals(webapp.getIdentityId()));
    }
}
