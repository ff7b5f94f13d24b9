package com.hostflow.audit;

/** What an administrator (or, for reads of secrets, anyone) did to an entity. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, SUSPEND, RESUME, EXECUTE,
    /** a read that is itself worth a record, e.g. of a service's credentials */
    READ
}
