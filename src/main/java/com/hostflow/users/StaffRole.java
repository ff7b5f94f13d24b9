package com.hostflow.users;

import com.hostflow.security.Roles;

/** The roles a staff account can hold; clients get their login through {@code /clients}. */
public enum StaffRole {
    ADMIN(Roles.ADMIN_GROUP),
    STAFF(Roles.STAFF_GROUP);

    private final String groupId;

    StaffRole(String groupId) {
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }
}
