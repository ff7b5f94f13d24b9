package com.hostflow.services;

import java.time.Instant;

/**
 * A lifecycle operation that did not happen: the module refused it ({@code REJECTED}), the failure policy gave it up
 * ({@code FAILED}) or the department aborted it ({@code ABORTED}). Shown on the service until a later operation of the
 * same kind succeeds.
 *
 * @param operation the module operation: {@code suspend}, {@code resume}, {@code setparam}, {@code reset_password},
 *                  {@code close}
 * @param reason    one short line: the module's own answer, or what gave it up (never a department's comment)
 */
public record RefusedOperation(long serviceId, String operation, OperationOutcome outcome, Instant at,
        String reason) {
}
