package com.hostflow.audit.web;

import java.time.Instant;
import java.util.regex.Pattern;

import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.validation.annotation.Validated;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.hostflow.audit.AuditEntry;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The audit log of administrative changes, newest first. */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasRole('ADMIN')")
@Validated
@Tag(name = "Audit", description = "Who changed what in the catalog, users and clients, and when, with the state before and after.")
class AuditController {

    /** What a user name (staff's or a client login's) can be; anything else matches no entry and is a typo. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping
    @Operation(summary = "Search the audit log", description = "ADMIN only. Newest first, paged; filter by `entity`"
            + " (one of billing-run, calendar, client, credit, datacenter, department, password, payment,"
            + " processing-module, product-type, provider, service, service-credentials, sync-run, tariff,"
            + " tariff-group, user; another is 400) and by the `user` who made the change (a user name, or `system`"
            + " for the application's own; other characters are 400). An empty filter is none.")
    PageView<AuditView> search(@RequestParam(required = false) String entity,
            @RequestParam(required = false) String user,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        String entityFilter = blankToNull(entity);
        String userFilter = blankToNull(user);
        new FieldProblems()
                .addIf(entityFilter != null && !AuditLog.ENTITIES.contains(entityFilter), "entity",
                        "must be one of " + AuditLog.ENTITIES)
                .addIf(userFilter != null && !USER_NAME.matcher(userFilter).matches(), "user",
                        "a user name: letters, digits and ._@- only, at most 64")
                .throwIfAny();
        return PageView.of(auditLog.search(entityFilter, userFilter, PageRequest.of(page, size)), AuditView::of);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    record AuditView(Long id, Instant at, String user, String action, String entity, String entityId,
            @JsonRawValue String before, @JsonRawValue String after) {

        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.getId(), entry.getAt(), entry.getUsername(), entry.getAction(),
                    entry.getEntity(), entry.getEntityId(), entry.getBeforeJson(), entry.getAfterJson());
        }
    }
}
