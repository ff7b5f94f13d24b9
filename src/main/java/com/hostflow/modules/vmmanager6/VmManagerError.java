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

    /**
     * Whether the answer is no verdict of VMmanager on the request but of the way to it, worth asking again: a
     * redirect (the module's URL points beside the API, e.g. http where VMmanager wants https), a request timeout
     * (408) or too many requests (429), as a proxy in front of VMmanager answers them.
     */
    boolean transientOrMisrouted() {
        return status < 400 || status == 408 || status == 429;
    }

    /** VMmanager's own words, kept for the service's operation journal. */
    String describe() {
        return "VMmanager answered HTTP " + status + (code == null ? "" : ", error " + code) + ": " + getMessage();
    }
}
