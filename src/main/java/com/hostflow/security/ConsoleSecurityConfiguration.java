package com.hostflow.security;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/console", "/console/**", "/my", "/my/**", "/login", "/logout",
                        "/access-denied", "/assets/**")
                .formLogin(form -> form.loginPage("/login").successHandler(new HomeByRole()).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .exceptionHandling(e -> e.accessDeniedPage("/access-denied"))
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/assets/**", "/access-denied").permitAll()
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
