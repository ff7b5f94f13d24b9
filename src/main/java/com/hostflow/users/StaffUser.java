package com.hostflow.users;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

/**
 * A staff or admin account as kept in the engine's identity store. The password never leaves the store. The version
 * (the API's {@code ETag}) is a digest of what the entry shows ({@link StaffUserService}): its names, e-mail, roles and
 * departments live in the user's row and its memberships, and the user's revision counts neither memberships nor
 * only those.
 */
public record StaffUser(String username, String firstName, String lastName, String email, Set<StaffRole> roles,
        Set<String> departments, @JsonIgnore long version) implements Versioned {

    /** An account to write (its version is the store's to give). */
    public StaffUser(String username, String firstName, String lastName, String email, Set<StaffRole> roles,
            Set<String> departments) {
        this(username, firstName, lastName, email, roles, departments, 0);
    }
}
