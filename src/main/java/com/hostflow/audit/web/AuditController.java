package com.hostflow.audit.web;

import java.time.Instant;

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

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping
    @Operation(summary = "Search the audit log", description = "ADMIN only. Newest first, paged; filter by `entity`"
            + " (e.g. `tariff`, `user`) and by the `user` who made the change.")
    PageView<AuditView> search(@RequestParam(required = false) String entity,
            @RequestParam(required = false) String user,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(auditLog.search(entity, user, PageRequest.of(page, size)), AuditView::of);
    }

    record AuditView(Long id, Instant at, String user, String action, String entity, String entityId,
            @JsonRawValue String before, @JsonRawValue String after) {

        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.getId(), entry.getAt(), entry.getUsername(), entry.getAction(),
                    entry.getEntity(), entry.getEntityId(), entry.getBeforeJson(), entry.getAfterJson());
        }
    }
}
