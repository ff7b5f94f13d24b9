package com.hostflow.modules;

/** A module call failed for a technical reason (unreachable, 503, timeout, garbled answer): retry it later. */
public class ModuleTechnicalException extends RuntimeException {

    private final String code;

    public ModuleTechnicalException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ModuleTechnicalException(String code, String message) {
        this(code, message, null);
    }

    /** A short machine-readable error code, matched by the ModuleFailurePolicy DMN (e.g. {@code UNAVAILABLE}). */
    public String code() {
        return code;
    }
}
