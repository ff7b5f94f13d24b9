package com.hostflow.common.web;

/** An {@code If-Match} that names another version than the current one: answered 412, nothing was written. */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
