package com.hostflow.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is calling the API, as established by HTTP Basic against the engine's users. */
@Component
public class CurrentUser {

    public String username() {
        Authentication authentication = authentication();
        return authentication == null ? null : authentication.getName();
    }

    public boolean isAdmin() {
        return hasAuthority("ROLE_" + Roles.ADMIN);
    }

    public boolean isStaff() {
        return hasAuthority("ROLE_" + Roles.STAFF);
    }

    public boolean isClient() {
        return hasAuthority("ROLE_" + Roles.CLIENT) && !isAdmin() && !isStaff();
    }

    /** Keys of the departments the caller belongs to. */
    public Set<String> departments() {
        Authentication authentication = authentication();
        if (authentication == null) {
            return Set.of();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(EngineIdentityAuthenticationProvider.DEPARTMENT_AUTHORITY_PREFIX))
                .map(a -> a.substring(EngineIdentityAuthenticationProvider.DEPARTMENT_AUTHORITY_PREFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    private boolean hasAuthority(String authority) {
        Authentication authentication = authentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(authority));
    }

    private static Authentication authentication() {
        return SecurityContextHolder.getContext().getAuthentication();
    }
}
