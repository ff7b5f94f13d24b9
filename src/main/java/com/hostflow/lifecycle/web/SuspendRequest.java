package com.hostflow.lifecycle.web;

import com.hostflow.services.SuspensionReason;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An admin suspends a service for ADMIN or ABUSE; BILLING suspensions come from the billing run only. */
public record SuspendRequest(@NotNull SuspensionReason reason, @Size(max = 1000) String comment) {

    @AssertTrue(message = "must be ADMIN or ABUSE; BILLING suspensions come from the billing run")
    boolean isReason() {
        return reason == null || reason != SuspensionReason.BILLING;
    }
}
