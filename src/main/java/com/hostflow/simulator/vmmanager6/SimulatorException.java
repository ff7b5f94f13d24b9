package com.hostflow.simulator.vmmanager6;

import org.springframework.http.HttpStatus;

/** A refusal answered the way VMmanager does: the HTTP status and {@code {"error":{"code":..,"msg":..}}}. */
class SimulatorException extends RuntimeException {

    static final int INVALID_TOKEN = 1000;
    static final int BAD_CREDENTIALS = 3001;
    static final int NOT_FOUND = 2001;
    static final int INVALID_VALUE = 2003;
    static final int DISK_SHRINK = 5002;
    static final int NO_FREE_ADDRESS = 5003;
    static final int ALREADY_EXISTS = 2005;
    static final int UNAVAILABLE = 503;

    private final HttpStatus status;
    private final int code;

    SimulatorException(HttpStatus status, int code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static SimulatorException notFound(String what, long id) {
        return new SimulatorException(HttpStatus.NOT_FOUND, NOT_FOUND, what + " " + id + " not found");
    }

    static SimulatorException invalid(String message) {
        return new SimulatorException(HttpStatus.BAD_REQUEST, INVALID_VALUE, message);
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }
}
