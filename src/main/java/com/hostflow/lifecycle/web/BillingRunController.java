package com.hostflow.lifecycle.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.lifecycle.billingrun.BillingRunsNow;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Runs BillingRunProcess now, besides its daily timer. */
@RestController
@Tag(name = "Billing run", description = "The nightly run that prolongs services whose paid period ended and"
        + " plans the expiry reminders (auto-deletion is the waiting prolongation's timer); normally started by a"
        + " timer in BillingRunProcess.")
class BillingRunController {

    private final BillingRunsNow runs;

    BillingRunController(BillingRunsNow runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/billing/run")
    @Operation(summary = "Run billing now", description = "ADMIN only. 202 with the id of the new BillingRunProcess"
            + " instance and its Cockpit link.")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> run() {
        String id = runs.start();
        return Map.of("processInstanceId", id, "cockpitUrl", "/camunda/app/cockpit/default/#/process-instance/" + id);
    }
}
