package com.hostflow.common.web;

/** The request is valid but the current state forbids it: answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
