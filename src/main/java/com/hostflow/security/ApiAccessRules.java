package com.hostflow.security;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which part of the API, checked on the URL before a controller parses the body, so a forbidden write
 * answers 403 even when its body is also invalid. Which rows a client may see (its own client, services, payments)
 * is decided by the features themselves, answering 404 for another client's ids. Anything not listed is ADMIN only.
 * Staff read; they do not write clients, money, orders or services through the API (their work is Tasklist's tasks).
 */
final class ApiAccessRules {

    private static final String ADMIN = Roles.ADMIN;
    private static final String STAFF = Roles.STAFF;
    private static final String CLIENT = Roles.CLIENT;

    /**
     * A login without any HostFlow role (a user made in Camunda Admin, say) is let in nowhere: the features treat
     * every caller that is not a CLIENT as seeing all clients, so "authenticated" alone would open everything.
     */
    private static final String[] ANY_ROLE = {ADMIN, STAFF, CLIENT};

    /** Catalog parts that clients may read to choose what to order. */
    private static final String[] PUBLIC_CATALOG = {"/api/v1/tariffs/**", "/api/v1/tariff-groups/**",
            "/api/v1/product-types/**", "/api/v1/datacenters/**", "/api/v1/providers/**"};

    /** Catalog parts that show how the provider runs its business: staff and admins only. */
    private static final String[] INTERNAL_CATALOG = {"/api/v1/processing-modules/**", "/api/v1/module-types/**",
            "/api/v1/departments/**", "/api/v1/calendars/**"};

    private ApiAccessRules() {
    }

    static void apply(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules
                // staff and admin accounts, the audit log, the billing run: administrators only
                .requestMatchers("/api/v1/users/**", "/api/v1/audit/**", "/api/v1/billing/**").hasRole(ADMIN)
                // the catalog: everybody reads what is for sale, staff reads the rest, only admins write
                .requestMatchers(GET, PUBLIC_CATALOG).hasAnyRole(ANY_ROLE)
                .requestMatchers(GET, INTERNAL_CATALOG).hasAnyRole(ADMIN, STAFF)
                .requestMatchers(PUBLIC_CATALOG).hasRole(ADMIN)
                .requestMatchers(INTERNAL_CATALOG).hasRole(ADMIN)
                // clients: admins create them; everyone else reaches only their own client (checked by the feature)
                .requestMatchers(POST, "/api/v1/clients").hasRole(ADMIN)
                .requestMatchers(PUT, "/api/v1/clients/*").hasRole(ADMIN)
                .requestMatchers(DELETE, "/api/v1/clients/*").hasRole(ADMIN)
                .requestMatchers(GET, "/api/v1/clients/**").hasAnyRole(ANY_ROLE)
                // money and orders: clients act for themselves, the features check whose data it is
                .requestMatchers(GET, "/api/v1/payments/**").hasAnyRole(ANY_ROLE)
                // money arrives through an admin or a payment gateway's account, never on a client's word
                .requestMatchers(POST, "/api/v1/payments").hasRole(ADMIN)
                .requestMatchers(POST, "/api/v1/orders").hasAnyRole(ADMIN, CLIENT)
                .requestMatchers(GET, "/api/v1/orders/**").hasAnyRole(ANY_ROLE)
                // services: admins suspend and resume; clients change, prolong and delete their own
                .requestMatchers(POST, "/api/v1/services/*/suspend", "/api/v1/services/*/resume").hasRole(ADMIN)
                // a service's credentials: its client and admins only; staff never read a client's passwords
                .requestMatchers(GET, "/api/v1/services/*/credentials").hasAnyRole(ADMIN, CLIENT)
                .requestMatchers(POST, "/api/v1/services/*/reset-password").hasAnyRole(ADMIN, CLIENT)
                .requestMatchers(GET, "/api/v1/services/**").hasAnyRole(ANY_ROLE)
                .requestMatchers(POST, "/api/v1/services/*/parameters", "/api/v1/services/*/prolong",
                        "/api/v1/services/*/deletion-code").hasAnyRole(ADMIN, CLIENT)
                .requestMatchers(DELETE, "/api/v1/services/*", "/api/v1/services/*/deletion")
                        .hasAnyRole(ADMIN, CLIENT)
                // the drift reconciliation: staff read what it found, admins start a round (anyRequest below)
                .requestMatchers(GET, "/api/v1/sync/**").hasAnyRole(ADMIN, STAFF)
                // one's own login: anyone with a role reads it and changes its password
                .requestMatchers(GET, "/api/v1/me").hasAnyRole(ANY_ROLE)
                .requestMatchers(PUT, "/api/v1/me/password").hasAnyRole(ANY_ROLE)
                // the demo clock: anyone with a role may read it, admins move it
                .requestMatchers(GET, "/api/v1/dev/clock").hasAnyRole(ANY_ROLE)
                .requestMatchers(PUT, "/api/v1/dev/clock").hasRole(ADMIN)
                .anyRequest().hasRole(ADMIN);
    }
}
