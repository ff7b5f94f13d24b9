package com.hostflow.security;

/**
 * The three roles of the API and the Camunda groups that carry them. Users live in the engine's identity store, so
 * the API, Cockpit and Tasklist share one set of users and passwords.
 */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String STAFF = "STAFF";
    public static final String CLIENT = "CLIENT";

    /** Camunda's own administrators group: full access to Cockpit, Tasklist and Admin. */
    public static final String ADMIN_GROUP = "camunda-admin";
    public static final String STAFF_GROUP = "hostflow-staff";
    public static final String CLIENT_GROUP = "hostflow-clients";

    /** Group type of the groups that mirror departments; their id is the department key. */
    public static final String DEPARTMENT_GROUP_TYPE = "department";
    public static final String SYSTEM_GROUP_TYPE = "SYSTEM";

    private Roles() {
    }

    /** The role a Camunda group grants, or {@code null} for groups that grant none (departments). */
    static String roleOfGroup(String groupId) {
        return switch (groupId) {
            case ADMIN_GROUP -> ADMIN;
            case STAFF_GROUP -> STAFF;
            case CLIENT_GROUP -> CLIENT;
            default -> null;
        };
    }
}
