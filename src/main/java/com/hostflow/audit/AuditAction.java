package com.hostflow.audit;

/** What an administrator did to an entity. */
public enum AuditAction {
    CREATE, UPDATE, DELETE, SUSPEND, RESUME, EXECUTE
}
