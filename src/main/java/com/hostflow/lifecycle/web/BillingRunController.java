package com.hostflow.lifecycle.web;

import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.lifecycle.billingrun.BillingRunProcess;

/** Runs BillingRunProcess now, besides its daily timer. */
@RestController
class BillingRunController {

    private final RuntimeService runtime;

    BillingRunController(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @PostMapping("/api/v1/billing/run")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> run() {
        String id = runtime.startProcessInstanceByKey(BillingRunProcess.KEY).getId();
        return Map.of("processInstanceId", id, "cockpitUrl", "/camunda/app/cockpit/default/#/process-instance/" + id);
    }
}
