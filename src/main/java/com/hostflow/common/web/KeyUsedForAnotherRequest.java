package com.hostflow.common.web;

/**
 * A 409 for an Idempotency-Key that came with another request before. The API answers its message; a page, whose
 * one-time key the client never chose, says instead that the form was sent before (the browser's Back button brings
 * a page back with its key).
 */
public class KeyUsedForAnotherRequest extends ConflictException {

    public KeyUsedForAnotherRequest(String message) {
        super(message);
    }
}
