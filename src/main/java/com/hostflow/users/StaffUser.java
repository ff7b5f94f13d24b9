package com.hostflow.users;

import java.util.Set;

/** A staff or admin account as kept in the engine's identity store. The password never leaves the store. */
public record StaffUser(String username, String firstName, String lastName, String email, Set<StaffRole> roles,
        Set<String> departments) {
}
