package com.hostflow.lifecycle.sync.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;
import com.hostflow.lifecycle.sync.OrphanHosts;
import com.hostflow.lifecycle.sync.ServiceSyncs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The drift reconciliation for staff: what differed and what became of it, hosts no service owns, a round now. */
@RestController
@RequestMapping("/api/v1/sync")
@Validated
@Tag(name = "Drift reconciliation", description = "ServiceSyncProcess compares every ACTIVE and SUSPENDED service"
        + " with its module on a schedule (hostflow.sync.interval), repairs or hands to the department what differs"
        + " as the SyncDriftPolicy table says, and reports hosts in the modules that no service owns.")
class SyncController {

    private final ServiceSyncs syncs;
    private final OrphanHosts orphans;

    SyncController(ServiceSyncs syncs, OrphanHosts orphans) {
        this.syncs = syncs;
        this.orphans = orphans;
    }

    @GetMapping("/orphans")
    @Operation(summary = "Hosts in the modules that no service owns", description = "ADMIN and STAFF. As the last"
            + " round listed them, module by module: a VM left by an open that failed half-way, one a deleted service"
            + " kept, one made in the panel by hand. madeForServiceId names the service HostFlow made it for, when"
            + " the module can tell.")
    @PreAuthorize("hasAnyRole('ADMIN', 'STAFF')")
    List<OrphanHostView> orphans() {
        return orphans.report().stream().map(OrphanHostView::of).toList();
    }

    @GetMapping("/drifts")
    @Operation(summary = "Differences the syncs found, newest first", description = "ADMIN and STAFF. Filter by"
            + " serviceId and status (OPEN, REPAIRED, HANDED_OVER, REPAIR_FAILED, IGNORED); a handed-over difference"
            + " carries the department's resolution (FIXED, LEFT, SERVICE_DELETED) once its task is done.")
    @PreAuthorize("hasAnyRole('ADMIN', 'STAFF')")
    PageView<DriftView> drifts(@RequestParam(required = false) Long serviceId,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(syncs.drifts(serviceId, status, page, size), DriftView::of);
    }

    @PostMapping("/run")
    @Operation(summary = "Run a reconciliation round now", description = "ADMIN only. 202 with the id of the new"
            + " ServiceSyncProcess round and its Cockpit link; besides the scheduled rounds, and also when they are"
            + " switched off (hostflow.sync.scheduled=false).")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> run() {
        String id = syncs.requestRound();
        return Map.of("processInstanceId", id, "cockpitUrl", "/camunda/app/cockpit/default/#/process-instance/" + id);
    }

    /** {@code action}: what the OrphanHostPolicy said, REPORT or DELETE_TWIN (the round deletes it, then it goes) */
    record OrphanHostView(long moduleId, String moduleName, String externalId, String name, String state,
            String comment, Long madeForServiceId, String action, Instant firstSeen, Instant lastSeen) {

        static OrphanHostView of(OrphanHosts.Orphan orphan) {
            return new OrphanHostView(orphan.moduleId(), orphan.moduleName(), orphan.externalId(), orphan.name(),
                    orphan.state(), orphan.comment(), orphan.madeForService(), orphan.action(), orphan.firstSeen(),
                    orphan.lastSeen());
        }
    }

    record DriftView(long id, long serviceId, String kind, String detail, String status, Instant foundAt,
            Instant settledAt, String resolution, String resolutionComment, Instant resolvedAt,
            String processInstanceId) {

        static DriftView of(ServiceSyncs.Drift drift) {
            return new DriftView(drift.id(), drift.serviceId(), drift.kind().name(), drift.detail(), drift.status(),
                    drift.foundAt(), drift.settledAt(), drift.resolution(), drift.resolutionComment(),
                    drift.resolvedAt(), drift.processInstanceId());
        }
    }
}
