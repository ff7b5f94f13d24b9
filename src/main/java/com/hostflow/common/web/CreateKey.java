package com.hostflow.common.web;

/**
 * The {@code Idempotency-Key} of an API create (a data center, a tariff, a client, a user, ...), null when the request
 * has none: a handler takes it as a parameter ({@link IdempotencyKeyConfiguration} resolves and documents it) and hands
 * it to {@link CreateOnce#answer}.
 */
public record CreateKey(String value) {
}
