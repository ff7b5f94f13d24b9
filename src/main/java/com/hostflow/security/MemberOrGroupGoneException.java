package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A membership of a user or of a group that is no longer there, deleted by a transaction that committed while the
 * membership waited for it ({@link IdentityStoreGuard}).
 */
public class MemberOrGroupGoneException extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    private final boolean groupGone;
    private final String id;

    MemberOrGroupGoneException(boolean groupGone, String id) {
        super((groupGone ? "unknown group " : "unknown user ") + id);
        this.groupGone = groupGone;
        this.id = id;
    }

    /** Whether the group went (else the user did). */
    public boolean groupGone() {
        return groupGone;
    }

    /** The group's or the user's id. */
    public String id() {
        return id;
    }
}
