package com.hostflow.security;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks API credentials against the engine's identity store (salted SHA-512 hashes kept by Camunda), so one user
 * store serves the API, Cockpit and Tasklist. Groups become authorities: {@code ROLE_ADMIN|STAFF|CLIENT} and
 * {@code DEPARTMENT_<key>} for each department the user belongs to.
 */
@Component
class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

    static final String DEPARTMENT_AUTHORITY_PREFIX = "DEPARTMENT_";

    private final IdentityService identityService;
    private final LoginCache recentLogins;

    EngineIdentityAuthenticationProvider(IdentityService identityService, LoginCache recentLogins) {
        this.identityService = identityService;
        this.recentLogins = recentLogins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        // no stored username has a NUL (PostgreSQL cannot store one), and the engine's user query fails on it
        if (username == null || credentials == null || username.indexOf('\0') >= 0) {
            throw new BadCredentialsException("bad credentials");
        }
        String password = credentials.toString();
        // the login form is checked against the store each time: a password an admin changed in Camunda's Admin app or
        // through the engine REST (which do not tell the cache) must not open a page session from the cache
        boolean pageLogin = authentication.getDetails() instanceof ConsoleSecurityConfiguration.StampedLogin;
        List<GrantedAuthority> authorities = pageLogin ? null
                : recentLogins.authorities(username, password).orElse(null);
        if (authorities == null) {
            long checkedAt = recentLogins.generation(username);
            if (!identityService.checkPassword(username, password)) {
                throw new BadCredentialsException("bad credentials");
            }
            authorities = authoritiesOf(username);
            recentLogins.remember(username, password, authorities, checkedAt);
        }
        return UsernamePasswordAuthenticationToken.authenticated(username, null, authorities);
    }

    /**
     * What the user may do now (nothing when the user no longer exists). A page session compares it with what it was
     * given at login ({@link ConsoleSecurityConfiguration}), as the API's HTTP Basic does on every request.
     */
    List<GrantedAuthority> currentAuthorities(String username) {
        return authoritiesOf(username);
    }

    private List<GrantedAuthority> authoritiesOf(String username) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Group group : identityService.createGroupQuery().groupMember(username).list()) {
            String role = Roles.roleOfGroup(group.getId());
            if (role != null) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
            } else if (Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType())) {
                authorities.add(new SimpleGrantedAuthority(DEPARTMENT_AUTHORITY_PREFIX + group.getId()));
            }
        }
        return authorities;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
