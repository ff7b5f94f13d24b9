package com.hostflow.security;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The web console ({@code /console}, admins and staff) and the client area ({@code /my}, clients): form login with a
 * session, checked by the same engine identity provider as the API, CSRF on every form, and the API's security
 * headers with a Content-Security-Policy that lets the pages load only HostFlow's own scripts and styles (no inline
 * script, no CDN). The API's chain stays stateless HTTP Basic; a session never authenticates {@code /api}.
 *
 * <p>Staff read the console; every write of the console is an administrator's. Clients reach only {@code /my},
 * where the features show them their own data only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: http: https:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    @Bean
    @Order(3)
    SecurityFilterChain consoleSecurity(HttpSecurity http, EngineIdentityAuthenticationProvider identities,
            PasswordStamps stamps,
            @Value("${server.tomcat.max-http-form-post-size:2MB}") DataSize largestForm) throws Exception {
        return http.securityMatcher("/console", "/console/**", "/my", "/my/**", "/login", "/logout",
                        "/access-denied", FormTooLarge.PAGE, "/assets/**")
                .csrf(csrf -> csrf.csrfTokenRepository(new NoSessionForARefusedForm()))
                .formLogin(form -> form.loginPage("/login").successHandler(new HomeByRole())
                        .authenticationDetailsSource(request -> new StampedLogin(request, stamps))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                // a new session id at every login, and a new session when the old one held someone else's login
                .sessionManagement(session -> session.sessionAuthenticationStrategy(new OnePersonPerSession()))
                .exceptionHandling(e -> e.accessDeniedHandler(new StaleFormOrDenied(largestForm)))
                .addFilterAfter(new LoginStillValid(identities, stamps), SecurityContextHolderFilter.class)
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        // the login page with any message (form login permits only its own ?error and ?logout)
                        .requestMatchers("/assets/**", "/access-denied", "/login").permitAll()
                        // the page with the logout button; the logout itself is the POST
                        .requestMatchers(HttpMethod.GET, "/logout").permitAll()
                        .requestMatchers("/my", "/my/**").hasRole(Roles.CLIENT)
                        // the audit log is the administrators' own, as in the API
                        .requestMatchers("/console/audit", "/console/audit/**").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**")
                                .hasAnyRole(Roles.ADMIN, Roles.STAFF)
                        // everyone with a console login changes their own password
                        .requestMatchers("/console/password").hasAnyRole(Roles.ADMIN, Roles.STAFF)
                        .requestMatchers("/console", "/console/**").hasRole(Roles.ADMIN)
                        .anyRequest().denyAll())
                .build();
    }

    /**
     * The login form's details with the stamp of the user's password read before the password is checked: a password
     * changed while the login ran leaves the session a stamp that no longer matches (it ends at once), never the new
     * password's stamp on a login made with the old one.
     */
    static final class StampedLogin extends WebAuthenticationDetails {

        private final transient String passwordStamp;

        StampedLogin(HttpServletRequest request, PasswordStamps stamps) {
            super(request);
            String username = request.getParameter("username");
            this.passwordStamp = username == null ? null : stamps.current(username.trim()).orElse(null);
        }

        String passwordStamp() {
            return passwordStamp;
        }
    }

    /**
     * A page session holds what its user could do at login and which password it logged in with; the user deleted,
     * given other roles or departments, or given another password since (by an admin, through the API, Camunda's
     * Admin app or the engine REST, or by the user in another session) ends it (back to the login page), as the API's
     * HTTP Basic checks the user and password on every request. A deleted staff user's open console kept showing
     * clients and their money; a session opened before an admin reset a leaked password kept working with the old one.
     */
    static final class LoginStillValid extends OncePerRequestFilter {

        private final EngineIdentityAuthenticationProvider identities;
        private final PasswordStamps stamps;

        LoginStillValid(EngineIdentityAuthenticationProvider identities, PasswordStamps stamps) {
            this.identities = identities;
            this.stamps = stamps;
        }

        /** Stylesheets and scripts show nothing of the user's: no two queries for each of them. */
        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return request.getRequestURI().startsWith(request.getContextPath() + "/assets/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws jakarta.servlet.ServletException, IOException {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            if (who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)) {
                HttpSession session = request.getSession(false);
                String ended = endedBecause(who, session);
                if (ended != null) {
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    response.sendRedirect(request.getContextPath() + "/login?expired" + ended);
                    return;
                }
            }
            chain.doFilter(request, response);
        }

        /** The login page's {@code expired} parameter's value when the session ends ("" or "=password"), else null. */
        private String endedBecause(Authentication who, HttpSession session) {
            Optional<String> stamp = stamps.current(who.getName());
            if (stamp.isEmpty()) {
                return "";
            }
            if (!PasswordStamps.matches(session, stamp.get())) {
                return "=password";
            }
            boolean sameRights = Set.copyOf(identities.currentAuthorities(who.getName()))
                    .equals(Set.copyOf(who.getAuthorities()));
            return sameRights ? null : "";
        }
    }

    /**
     * The session's CSRF tokens, as Spring keeps them, but a form sent without a session (one left open until its
     * session ended, a logout or login sent twice) opens none: it is refused whatever it carries, since no session
     * holds a token it could match, and the token Spring made up to compare with it used to open a session for the
     * refusal. The login page (to a GET) still opens the session its form needs, and so does a page that sends an
     * anonymous visitor to the login with the request it saved (the login then returns there, {@link HomeByRole}).
     */
    static final class NoSessionForARefusedForm implements CsrfTokenRepository {

        private static final Set<String> SAFE = Set.of("GET", "HEAD", "TRACE", "OPTIONS");

        private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return sessions.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            if (token != null && request.getSession(false) == null && !SAFE.contains(request.getMethod())) {
                return;
            }
            sessions.saveToken(token, request, response);
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return sessions.loadToken(request);
        }
    }

    /**
     * A form whose CSRF token the session does not know is mostly an honest one: the session expired (or HostFlow
     * restarted) while the page was open, a login page left open included. Nobody logged in: back to the login page,
     * which says the session had expired and nothing was sent (a logout: logged out already). Logged in: the 403
     * page says the form is out of date, not that the login may not open the page. A form larger than Tomcat reads
     * ({@code server.tomcat.max-http-form-post-size}) arrives without its fields, its token among them: 413 saying
     * so, where the page said the form was out of date and to send it again: on the area's problem page, or for
     * nobody logged in on a page in the login page's layout ({@link FormTooLarge}). Other refusals: the 403 page.
     */
    static final class StaleFormOrDenied implements AccessDeniedHandler {

        private final AccessDeniedHandlerImpl denied = errorPage("/access-denied");
        private final AccessDeniedHandlerImpl staleForm = errorPage("/access-denied?stale");
        private final DataSize largestForm;

        StaleFormOrDenied(DataSize largestForm) {
            this.largestForm = largestForm;
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response,
                AccessDeniedException refusal) throws IOException, jakarta.servlet.ServletException {
            if (!(refusal instanceof CsrfException)) {
                denied.handle(request, response, refusal);
                return;
            }
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            boolean loggedIn = who != null && !(who instanceof AnonymousAuthenticationToken) && who.isAuthenticated();
            if (largestForm.toBytes() >= 0 && request.getContentLengthLong() > largestForm.toBytes()
                    && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType(request))) {
                String message = "The form is larger than the " + largestForm.toMegabytes() + " MB a form may be,"
                        + " so it was not read and nothing was changed; shorten what was typed into it and send it"
                        + " again.";
                // the problem page in the console's or the client area's layout, as a page's own problems are; for
                // nobody logged in, one in the login page's layout
                request.setAttribute(FormTooLarge.MESSAGE, message);
                response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                request.getRequestDispatcher(FormTooLarge.PAGE).forward(request, response);
                return;
            }
            if (!loggedIn) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                response.sendRedirect(request.getContextPath()
                        + (path.equals("/logout") ? "/login?logout" : "/login?expired"));
                return;
            }
            staleForm.handle(request, response, refusal);
        }

        private static MediaType contentType(HttpServletRequest request) {
            try {
                return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
            } catch (org.springframework.http.InvalidMediaTypeException e) {
                return null;
            }
        }

        private static AccessDeniedHandlerImpl errorPage(String page) {
            AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
            handler.setErrorPage(page);
            return handler;
        }
    }

    /**
     * After login: back to the page that asked for it when the user may see it, else home by role — admins and
     * staff to the console, clients to their area.
     */
    static final class HomeByRole implements AuthenticationSuccessHandler {

        private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        private final SavedRequestAwareAuthenticationSuccessHandler savedRequest =
                new SavedRequestAwareAuthenticationSuccessHandler();

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                Authentication authentication) throws IOException, jakarta.servlet.ServletException {
            if (authentication.getDetails() instanceof StampedLogin login && login.passwordStamp() != null) {
                PasswordStamps.hold(request.getSession(), login.passwordStamp());
            }
            String home = home(authentication);
            SavedRequest saved = requestCache.getRequest(request, response);
            if (saved != null && saved.getRedirectUrl().contains(home)) {
                savedRequest.onAuthenticationSuccess(request, response, authentication);
                return;
            }
            requestCache.removeRequest(request, response);
            response.sendRedirect(request.getContextPath() + home);
        }

        private static String home(Authentication authentication) {
            boolean client = authentication.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.CLIENT));
            boolean staffOrAdmin = authentication.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.ADMIN)
                            || a.getAuthority().equals("ROLE_" + Roles.STAFF));
            return client && !staffOrAdmin ? "/my" : "/console";
        }
    }
}
