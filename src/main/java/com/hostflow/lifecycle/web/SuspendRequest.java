package com.hostflow.lifecycle.web;

import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.services.SuspensionReason;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An admin suspends a service for ADMIN or ABUSE; BILLING suspensions come from the billing run only, RESTART_FAILED
 * from a start the module refused.
 */
public record SuspendRequest(@Schema(allowableValues = {"ADMIN", "ABUSE"}) @NotNull SuspensionReason reason,
        @Size(max = 1000) String comment) {

    @AssertTrue(message = "must be ADMIN or ABUSE; BILLING suspensions come from the billing run, RESTART_FAILED"
            + " from a start the module refused")
    boolean isReason() {
        return reason == null || ServiceSuspensions.ASKED_FOR.contains(reason);
    }
}
