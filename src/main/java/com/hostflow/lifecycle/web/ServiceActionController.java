package com.hostflow.lifecycle.web;

import java.time.Instant;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.RequestKeys;
import com.hostflow.lifecycle.ConcurrentChanges;
import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.lifecycle.resume.ServiceResumes;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.security.CurrentUser;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.SuspensionReason;
import com.hostflow.services.web.ServiceResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** What clients and admins do to a running service: each action starts the lifecycle process that carries it out. */
@RestController
@RequestMapping("/api/v1/services")
@Tag(name = "Services", description = "Sold services and their lives: status, paid period, add-ons, the processes"
        + " that ran for them and the module operations they took. A CLIENT sees and acts on its own only.")
class ServiceActionController {

    private static final String SENT_AGAIN = "The same request sent again under its Idempotency-Key: nothing done"
            + " again";
    private static final String KEY = "Optional, 1 to 100 visible ASCII characters: the same request sent again with"
            + " the key answers 200 with the service and does nothing again; another request under a used key is 409.";

    private final ServiceQueries queries;
    private final ServiceSuspensions suspensions;
    private final ServiceResumes resumes;
    private final ServiceDeletions deletions;
    private final ServiceProlongations prolongations;
    private final ServiceParameterChanges parameterChanges;
    private final CurrentUser currentUser;
    private final ConcurrentChanges concurrentChanges;
    private final RequestKeys requestKeys;

    ServiceActionController(ServiceQueries queries, ServiceSuspensions suspensions, ServiceResumes resumes,
            ServiceDeletions deletions,
            ServiceProlongations prolongations, ServiceParameterChanges parameterChanges, CurrentUser currentUser,
            ConcurrentChanges concurrentChanges, RequestKeys requestKeys) {
        this.queries = queries;
        this.suspensions = suspensions;
        this.resumes = resumes;
        this.deletions = deletions;
        this.prolongations = prolongations;
        this.parameterChanges = parameterChanges;
        this.currentUser = currentUser;
        this.concurrentChanges = concurrentChanges;
        this.requestKeys = requestKeys;
    }

    @PostMapping("/{id}/suspend")
    @Operation(summary = "Suspend a service", description = "ADMIN only, for ADMIN or ABUSE (BILLING comes from the"
            + " billing run). 202: a ServiceSuspensionProcess adds the reason; the module stops the service on the"
            + " first reason.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Abuse complaint", value = """
                            {"reason": "ABUSE", "comment": "spam complaint #1234"}"""))))
    @PreAuthorize("hasRole('ADMIN')")
    @ApiResponse(responseCode = "202", description = "Accepted: its process carries it out",
            content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    @ApiResponse(responseCode = "200", description = SENT_AGAIN, content = @Content(schema = @Schema(
            implementation = ServiceResponse.class)))
    ResponseEntity<ServiceResponse> suspend(@PathVariable long id, @Valid @RequestBody SuspendRequest request,
            @Parameter(description = KEY) @RequestHeader(name = RequestKeys.HEADER, required = false)
            String idempotencyKey) {
        return once(id, idempotencyKey, "suspend", request.reason() + "|" + request.comment(),
                () -> suspensions.requestSuspension(id, request.reason(), request.comment()));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a service", description = "ADMIN only. Lifts `reason`, or ADMIN, ABUSE and"
            + " RESTART_FAILED when left out; the module starts the service again when no reason is left"
            + " (RESTART_FAILED: a paid service whose start the module refused; its resume tries the start again, with"
            + " no charge).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Complaint resolved", value = """
                            {"reason": "ABUSE", "comment": "complaint resolved"}"""))))
    @PreAuthorize("hasRole('ADMIN')")
    @ApiResponse(responseCode = "202", description = "Accepted: its process carries it out",
            content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    @ApiResponse(responseCode = "200", description = SENT_AGAIN, content = @Content(schema = @Schema(
            implementation = ServiceResponse.class)))
    ResponseEntity<ServiceResponse> resume(@PathVariable long id,
            @Valid @RequestBody(required = false) ResumeRequest request,
            @Parameter(description = KEY) @RequestHeader(name = RequestKeys.HEADER, required = false)
            String idempotencyKey) {
        Set<SuspensionReason> reasons = request == null || request.reason() == null ? Set.of()
                : Set.of(request.reason());
        String comment = request == null ? null : request.comment();
        return once(id, idempotencyKey, "resume", reasons + "|" + comment,
                () -> resumes.requestResume(id, reasons, comment));
    }

    /** An admin deletes at once; a client as its product type allows, maybe at the end of the paid period. */
    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a service", description = "An ADMIN deletes at once. A CLIENT as its product type"
            + " allows: 409 when prohibited, at the end of the paid period when so configured, and with `code` (from"
            + " `deletion-code`) when phone-verified. A FAILED service (never set up, its money back) is removed at"
            + " once by its client or an admin, whatever the product type says: no module call, no mail, no money.")
    @ApiResponse(responseCode = "202", description = "Accepted: its process carries it out",
            content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    @ApiResponse(responseCode = "200", description = SENT_AGAIN, content = @Content(schema = @Schema(
            implementation = ServiceResponse.class)))
    ResponseEntity<ServiceResponse> delete(@PathVariable long id, @RequestParam(required = false) String code,
            @Parameter(description = KEY) @RequestHeader(name = RequestKeys.HEADER, required = false)
            String idempotencyKey) {
        if (currentUser.isAdmin()) {
            return once(id, idempotencyKey, "delete", "admin", () -> deletions.deleteByAdmin(id));
        } else if (currentUser.isClient()) {
            return once(id, idempotencyKey, "delete", "client", () -> deletions.deleteByClient(id, code));
        }
        throw new AccessDeniedException("only the client and admins delete services");
    }

    /**
     * The action, once per {@code Idempotency-Key} (the caller's key within the service's client): 202 when it was
     * accepted now, 200 when the key's earlier request was, and nothing is done again. Without a key a second
     * request is a new one (409 saying why when it has nothing left to do).
     */
    private ResponseEntity<ServiceResponse> once(long id, String idempotencyKey, String kind, String request,
            Runnable action) {
        long clientId = queries.service(id).getClientId();
        boolean accepted = concurrentChanges.retry(() -> requestKeys.once(clientId, idempotencyKey, kind,
                id + "|" + request, id, action));
        return ResponseEntity.status(accepted ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(ServiceResponse.read(queries, id));
    }

    /**
     * Takes back a deletion that waits for the end of the paid period: the service keeps running, is prolonged and
     * reminded as before; 409 when none is on record or it is under way.
     */
    @DeleteMapping("/{id}/deletion")
    @Operation(summary = "Withdraw a scheduled deletion", description = "The service's CLIENT or an ADMIN takes back"
            + " a deletion that waits for the end of the paid period (`deleteAt` in the future): the service keeps"
            + " running and the client is told. 409 when no deletion is on record, or when it is under way already"
            + " (the period ended, or an admin deleted the service now).")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServiceResponse withdrawDeletion(@PathVariable long id) {
        if (!currentUser.isAdmin() && !currentUser.isClient()) {
            throw new AccessDeniedException("only the client and admins withdraw a deletion");
        }
        queries.service(id);
        concurrentChanges.retry(() -> deletions.withdraw(id));
        return ServiceResponse.read(queries, id);
    }

    /**
     * Sends the client's phone the code that a client deletion of a PHONE_VERIFIED product type needs
     * ({@code DELETE /services/{id}?code=...}); 409 for product types deleted without a code.
     */
    @PostMapping("/{id}/deletion-code")
    @Operation(summary = "Send a deletion code", description = "Texts a six-digit code to the client's phone, valid"
            + " for 10 minutes and 5 tries; 409 for product types deleted without a code; 429 (with Retry-After)"
            + " within 60 seconds of the last code.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeletionCodeResponse sendDeletionCode(@PathVariable long id) {
        queries.service(id);
        return new DeletionCodeResponse(deletions.sendDeletionCode(id));
    }

    record DeletionCodeResponse(Instant expiresAt) {
    }

    /** Prolongs the service by one period from the balance; 422 when the balance does not cover it. */
    @PostMapping("/{id}/prolong")
    @Operation(summary = "Prolong a service", description = "Charges one more `period` from the balance (422"
            + " INSUFFICIENT_FUNDS when it does not cover it) and moves paid-until on. A service suspended for"
            + " BILLING is charged the period from now and resumed; a running one whose paid-until lies periods back"
            + " is charged each of them too, in the period asked, so it is paid past today (the 422 names the whole"
            + " amount). With an `Idempotency-Key` header a retry of the"
            + " same request answers 200 and charges nothing. The 202 may come before the charge (the"
            + " ServiceProlongationProcess it starts charges it): when a deletion accepted meanwhile, or a balance"
            + " spent meanwhile, leaves the period uncharged, the client gets the mail prolongation-being-deleted or"
            + " prolongation-not-paid.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "One more month", value = """
                            {"period": "MONTH"}"""))))
    @ApiResponse(responseCode = "202", description = "Accepted: its process charges the period (the client is"
            + " mailed when it cannot)",
            content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    @ApiResponse(responseCode = "200", description = "The same request sent again under its Idempotency-Key: nothing"
            + " done again", content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    ResponseEntity<ServiceResponse> prolong(@PathVariable long id, @Valid @RequestBody ProlongRequest request,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters: the same request sent again with"
                    + " the key answers 200 with the service and charges nothing; another request under a used key"
                    + " is 409.")
            @RequestHeader(name = RequestKeys.HEADER, required = false) String idempotencyKey) {
        queries.service(id);
        boolean accepted = concurrentChanges.retry(() -> prolongations.requestProlongation(id, request.period(),
                idempotencyKey));
        return ResponseEntity.status(accepted ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(ServiceResponse.read(queries, id));
    }

    /** Changes add-on values; the prorated difference is charged or credited at once (422 without money). */
    @PostMapping("/{id}/parameters")
    @Operation(summary = "Change a service's add-ons", description = "New add-on values, checked against the"
            + " tariff (400 naming `addons.<resource>`); the prorated difference is charged or credited at once (422"
            + " without money), then the module applies them. With an `Idempotency-Key` header a retry of the same"
            + " request answers 200 with the service and charges or credits nothing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "RAM to 8 GiB", value = """
                            {"addons": {"ram": 8192}}"""))))
    @ApiResponse(responseCode = "202", description = "Accepted: its process carries it out",
            content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    @ApiResponse(responseCode = "200", description = "The same request sent again under its Idempotency-Key: nothing"
            + " done again", content = @Content(schema = @Schema(implementation = ServiceResponse.class)))
    ResponseEntity<ServiceResponse> changeParameters(@PathVariable long id,
            @Valid @RequestBody ParameterChangeRequest request,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters: the same request sent again with"
                    + " the key answers 200 with the service and charges or credits nothing; another request under a"
                    + " used key is 409.")
            @RequestHeader(name = RequestKeys.HEADER, required = false) String idempotencyKey) {
        queries.service(id);
        boolean requestedBefore = concurrentChanges.retry(() -> parameterChanges.requestChange(id, request.addons(),
                idempotencyKey)).requestedBefore();
        return ResponseEntity.status(requestedBefore ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(ServiceResponse.read(queries, id));
    }
}
