package com.hostflow.lifecycle.web;

import com.hostflow.services.SuspensionReason;

import jakarta.validation.constraints.Size;

/**
 * Lifts one reason, or every reason but BILLING (ADMIN, ABUSE, RESTART_FAILED) when {@code reason} is left out.
 */
public record ResumeRequest(SuspensionReason reason, @Size(max = 1000) String comment) {
}
