package com.hostflow.common.web;

import java.time.Duration;

/** The caller guessed wrong too often: answered 429 with {@code Retry-After}. */
public class TooManyAttemptsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyAttemptsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
