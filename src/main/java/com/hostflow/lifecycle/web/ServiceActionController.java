package com.hostflow.lifecycle.web;

import java.time.Instant;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.security.CurrentUser;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.web.ServiceResponse;

import jakarta.validation.Valid;

/** What clients and admins do to a running service: each action starts the lifecycle process that carries it out. */
@RestController
@RequestMapping("/api/v1/services")
class ServiceActionController {

    private final ServiceQueries queries;
    private final ServiceSuspensions suspensions;
    private final ServiceDeletions deletions;
    private final ServiceProlongations prolongations;
    private final ServiceParameterChanges parameterChanges;
    private final CurrentUser currentUser;

    ServiceActionController(ServiceQueries queries, ServiceSuspensions suspensions, ServiceDeletions deletions,
            ServiceProlongations prolongations, ServiceParameterChanges parameterChanges, CurrentUser currentUser) {
        this.queries = queries;
        this.suspensions = suspensions;
        this.deletions = deletions;
        this.prolongations = prolongations;
        this.parameterChanges = parameterChanges;
        this.currentUser = currentUser;
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

    /**
     * Sends the client's phone the code that a client deletion of a PHONE_VERIFIED product type needs
     * ({@code DELETE /services/{id}?code=...}); 409 for product types deleted without a code.
     */
    @PostMapping("/{id}/deletion-code")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeletionCodeResponse sendDeletionCode(@PathVariable long id) {
        queries.service(id);
        return new DeletionCodeResponse(deletions.sendDeletionCode(id));
    }

    record DeletionCodeResponse(Instant expiresAt) {
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
