package com.hostflow.modules.vmmanager6;

/** VMmanager answered an error: the HTTP status and its {@code {"error":{"code","msg"}}}. */
class VmManagerError extends RuntimeException {

    /** VMmanager's code for an invalid or expired session token. */
    static final int TOKEN_EXPIRED = 1000;

    private final int status;
    private final Integer code;

    VmManagerError(int status, Integer code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    boolean sessionExpired() {
        return status == 401 || Integer.valueOf(TOKEN_EXPIRED).equals(code);
    }

    /** VMmanager's own words, kept for the service's operation journal. */
    String describe() {
        return "VMmanager answered HTTP " + status + (code == null ? "" : ", error " + code) + ": " + getMessage();
    }
}
