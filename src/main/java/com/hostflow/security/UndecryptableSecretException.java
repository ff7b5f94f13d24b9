package com.hostflow.security;

/**
 * A stored secret that none of the configured keys opens (or that was changed): its message names both settings, and
 * never the value.
 */
public class UndecryptableSecretException extends IllegalStateException {

    /** Why, naming both settings. */
    public static final String WHY = "it was changed, or made with a key that is neither hostflow.secret-key nor one of"
            + " hostflow.previous-secret-keys";

    public UndecryptableSecretException() {
        super("cannot decrypt a stored secret: " + WHY);
    }
}
