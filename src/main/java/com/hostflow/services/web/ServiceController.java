package com.hostflow.services.web;

import java.util.List;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.PageView;
import com.hostflow.security.CurrentUser;
import com.hostflow.services.ServiceDeletions;
import com.hostflow.services.ServiceParameterChanges;
import com.hostflow.services.ServiceProcesses;
import com.hostflow.services.ServiceProlongations;
import com.hostflow.services.ServiceProcesses.ProcessInstanceView;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.ServiceSuspensions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@RequestMapping("/api/v1/services")
@Validated
class ServiceController {

    private final ServiceQueries queries;
    private final ServiceProcesses processes;
    private final ServiceSuspensions suspensions;
    private final ServiceDeletions deletions;
    private final ServiceProlongations prolongations;
    private final ServiceParameterChanges parameterChanges;
    private final CurrentUser currentUser;

    ServiceController(ServiceQueries queries, ServiceProcesses processes, ServiceSuspensions suspensions,
            ServiceDeletions deletions, ServiceProlongations prolongations, ServiceParameterChanges parameterChanges,
            CurrentUser currentUser) {
        this.parameterChanges = parameterChanges;
        this.prolongations = prolongations;
        this.queries = queries;
        this.processes = processes;
        this.suspensions = suspensions;
        this.deletions = deletions;
        this.currentUser = currentUser;
    }

    @GetMapping("/{id}")
    ServiceResponse service(@PathVariable long id) {
        return ServiceResponse.of(queries.service(id));
    }

    @GetMapping
    PageView<ServiceResponse> services(@RequestParam(required = false) Long clientId,
            @RequestParam(required = false) ServiceStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(queries.services(clientId, status, page, size), ServiceResponse::of);
    }

    @GetMapping("/{id}/processes")
    List<ProcessInstanceView> processes(@PathVariable long id) {
        return processes.processesOf(id);
    }

    @GetMapping("/{id}/journal")
    PageView<JournalEntryResponse> journal(@PathVariable long id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return PageView.of(queries.journal(id, page, size), JournalEntryResponse::of);
    }

    @PostMapping("/{id}/suspend")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse suspend(@PathVariable long id, @Valid @RequestBody SuspendRequest request) {
        suspensions.requestSuspension(id, request.reason(), request.comment());
        return ServiceResponse.of(queries.service(id));
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse resume(@PathVariable long id, @Valid @RequestBody(required = false) ResumeRequest request) {
        suspensions.requestResume(id, request == null || request.reason() == null ? Set.of()
                : Set.of(request.reason()), request == null ? null : request.comment());
        return ServiceResponse.of(queries.service(id));
    }

    /** An admin deletes at once; a client as its product type allows, maybe at the end of the paid period. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse delete(@PathVariable long id, @RequestParam(required = false) String code) {
        if (currentUser.isAdmin()) {
            deletions.deleteByAdmin(id);
        } else if (currentUser.isClient()) {
            queries.service(id);
            deletions.deleteByClient(id, code);
        } else {
            throw new AccessDeniedException("only the client and admins delete services");
        }
        return ServiceResponse.of(queries.service(id));
    }

    /** Prolongs the service by one period from the balance; 422 when the balance does not cover it. */
    @PostMapping("/{id}/prolong")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse prolong(@PathVariable long id, @Valid @RequestBody ProlongRequest request) {
        queries.service(id);
        prolongations.requestProlongation(id, request.period());
        return ServiceResponse.of(queries.service(id));
    }

    /** Changes add-on values; the prorated difference is charged or credited at once (422 without money). */
    @PostMapping("/{id}/parameters")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse changeParameters(@PathVariable long id, @Valid @RequestBody ParameterChangeRequest request) {
        queries.service(id);
        parameterChanges.requestChange(id, request.addons());
        return ServiceResponse.of(queries.service(id));
    }
}
