package com.hostflow.common.web;

/**
 * A request needed another system (a processing module) and that system failed it: unreachable, refusing, answering
 * an error or something unreadable (502), or not answering in time (504). Nothing was written; the request can come
 * again. {@code code} is the module's own code for the failure ({@code UNREACHABLE}, {@code MALFORMED_ANSWER}, ...).
 */
public class RemoteCallFailedException extends RuntimeException {

    private final String code;
    private final boolean timedOut;

    public RemoteCallFailedException(String code, boolean timedOut, String message) {
        super(message);
        this.code = code;
        this.timedOut = timedOut;
    }

    public String code() {
        return code;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
