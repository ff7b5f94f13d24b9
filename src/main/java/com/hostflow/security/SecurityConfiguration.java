package com.hostflow.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import com.hostflow.common.web.ContentTypeGuard;

/**
 * Two worlds share the port. {@code /api/**} is stateless HTTP Basic checked by Spring Security against the engine's
 * users, with the access rules of {@link ApiAccessRules} applied before any controller reads the request; CSRF is off there because no cookie or session ever authenticates
 * an API call. The Camunda webapps keep their own session login and CSRF protection (Camunda's
 * {@code CsrfPreventionFilter} on {@code /camunda/api/*} and {@code /camunda/app/*}), and {@code /engine-rest} is
 * guarded by the engine's own Basic authentication filter, so Camunda authorizations apply to whoever calls it.
 * The web console and the client area have their own session-based chain, {@link ConsoleSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    private static final ProblemSecurityResponses PROBLEMS = new ProblemSecurityResponses();
    private static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("HostFlow"))
                // Spring's defaults (nosniff, X-Frame-Options DENY, Cache-Control no-store) plus: JSON answers
                // never load anything, never sit in a frame and never leak the URL as a referrer
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(API_CONTENT_SECURITY_POLICY)))
                .exceptionHandling(e -> e.authenticationEntryPoint(PROBLEMS).accessDeniedHandler(PROBLEMS))
                .authorizeHttpRequests(ApiAccessRules::apply)
                // after the login and the access rules: a caller without a valid login gets 401 and a forbidden one
                // 403 whatever the Content-Type, and learns nothing of how input is read
                .addFilterAfter(new ContentTypeGuard(), AuthorizationFilter.class)
                .build();
    }

    /**
     * Health and info are open for load balancers and orchestrators; metrics and Prometheus tell how the business
     * runs, so they need an administrator's login (a Prometheus scrape job sends Basic credentials).
     */
    @Bean
    @Order(2)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("HostFlow"))
                .exceptionHandling(e -> e.authenticationEntryPoint(PROBLEMS).accessDeniedHandler(PROBLEMS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole(Roles.ADMIN))
                .build();
    }

    /**
     * The VMmanager 6 simulator (demo and tests) stands in for a VMmanager on another machine, whose calls would never
     * pass through HostFlow's filters; its own gate checks its tokens. Under load these filters were a large share of
     * every simulated call, so its paths get a chain that does nothing.
     */
    @Bean
    @Order(5)
    @ConditionalOnProperty(name = "hostflow.simulator.enabled", havingValue = "true")
    SecurityFilterChain simulatorOutsideSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/simulator/**")
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .build();
    }

    /**
     * Webapps, engine REST and Swagger UI: Spring Security only sets headers here; the webapps and engine REST
     * authenticate on their own. (The simulator, when enabled, has a filter chain of its own that does nothing.)
     */
    @Bean
    @Order(10)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .headers(headers -> {
                    headers.cacheControl(cache -> cache.disable());
                    for (var writer : WebappStaticFiles.cacheHeaders()) {
                        headers.addHeaderWriter(writer);
                    }
                })
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .build();
    }

    /** Paths the firewall refuses answer as problems too (Spring Security looks this bean up by type). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    /**
     * The firewall once more, before Spring Security and every other filter but the readiness gate, on the paths of
     * the webapps' and engine REST's servlets: Spring Security parses the path before its own firewall runs, and
     * failed on such paths written with a doubled slash or an escaped letter (a 500).
     */
    @Bean
    FilterRegistrationBean<FirewallFirst> firewallFirst(ObjectProvider<HttpFirewall> firewall) {
        FilterRegistrationBean<FirewallFirst> registration = new FilterRegistrationBean<>(new FirewallFirst(
                firewall.getIfAvailable(StrictHttpFirewall::new), new ProblemRequestRejectedHandler()));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("firewall-first");
        return registration;
    }

    /** Around every filter of the pages and the webapps' API that reads or writes the session, and the page itself. */
    @Bean
    FilterRegistrationBean<SessionEndedMidRequest> sessionEndedMidRequest() {
        FilterRegistrationBean<SessionEndedMidRequest> registration =
                new FilterRegistrationBean<>(new SessionEndedMidRequest());
        registration.addUrlPatterns("/console", "/console/*", "/my", "/my/*", "/login", "/logout", "/camunda/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.setName("session-ended-mid-request");
        return registration;
    }

    /** Before Camunda's own filters of the webapps (registered later, with no order), which then find no session. */
    @Bean
    FilterRegistrationBean<WebappPasswordCheck> webappPasswordCheck(PasswordStamps stamps) {
        FilterRegistrationBean<WebappPasswordCheck> registration =
                new FilterRegistrationBean<>(new WebappPasswordCheck(stamps));
        registration.addUrlPatterns("/camunda/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        registration.setName("webapp-password-check");
        return registration;
    }

    /** After the password check, which may have ended the session; before Camunda's filters, which ask for one. */
    @Bean
    FilterRegistrationBean<WebappSessionOnDemand> webappSessionOnDemand() {
        FilterRegistrationBean<WebappSessionOnDemand> registration =
                new FilterRegistrationBean<>(new WebappSessionOnDemand());
        registration.addUrlPatterns("/camunda/api/*", "/camunda/app/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        registration.setName("webapp-session-on-demand");
        return registration;
    }

    /** Around Camunda's login and logout, which keep or end the pages' login of the same session through it. */
    @Bean
    FilterRegistrationBean<WebappSessionLogins> webappSessionLogins() {
        FilterRegistrationBean<WebappSessionLogins> registration =
                new FilterRegistrationBean<>(new WebappSessionLogins());
        registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.setName("webapp-session-logins");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new EngineRestAuthentication());
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                NulFreeHttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setName("engine-rest-authentication");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /** After the engine's authentication, which sets the caller it reads. */
    @Bean
    FilterRegistrationBean<EngineRestCallerGuard> engineRestCallerGuard(IdentityService identity) {
        return callerGuard(identity, EngineRestCallerGuard.Way.ENGINE_REST, "/engine-rest/*");
    }

    /** The same API as the webapps reach it, with their session's login, and the webapps' own plugin APIs. */
    @Bean
    FilterRegistrationBean<EngineRestCallerGuard> webappEngineCallerGuard(IdentityService identity) {
        return callerGuard(identity, EngineRestCallerGuard.Way.WEBAPP_SESSION, "/camunda/api/engine/*",
                "/camunda/api/cockpit/*", "/camunda/api/admin/*", "/camunda/api/tasklist/*", "/camunda/api/welcome/*");
    }

    private static FilterRegistrationBean<EngineRestCallerGuard> callerGuard(IdentityService identity,
            EngineRestCallerGuard.Way way, String... urlPatterns) {
        FilterRegistrationBean<EngineRestCallerGuard> registration = new FilterRegistrationBean<>(
                new EngineRestCallerGuard(identity, way));
        registration.addUrlPatterns(urlPatterns);
        registration.setName("engine-caller-guard-" + way.name().toLowerCase(java.util.Locale.ROOT));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 9);
        return registration;
    }
}
