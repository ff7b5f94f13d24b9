package com.hostflow.notifications.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.IdempotencyKeyHeader;
import com.hostflow.common.web.Locations;
import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;
import com.hostflow.notifications.ManualNotifications;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What was sent to a client (the client itself, staff, admins), and a notification an admin sends by hand. */
@RestController
@RequestMapping("/api/v1/clients/{clientId}/notifications")
@Validated
@Tag(name = "Notifications", description = "The mails HostFlow sends clients and staff: queued in the"
        + " transaction of the event (an outbox), delivered with retries, listed per client and for admins.")
class ClientNotificationController {

    private final com.hostflow.notifications.Notifications notifications;
    private final ManualNotifications manual;

    ClientNotificationController(com.hostflow.notifications.Notifications notifications,
            ManualNotifications manual) {
        this.notifications = notifications;
        this.manual = manual;
    }

    @GetMapping
    @Operation(summary = "What was sent to the client (and what could not be), newest first")
    PageView<NotificationView> list(@PathVariable long clientId,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(notifications.forClient(clientId, page, size), NotificationView::of);
    }

    /**
     * Sends a template to the client now (e.g. a "service ready" mail again); 400 naming {@code template} for an
     * unknown one and {@code serviceId} for a service that is not the client's. The same request sent again under
     * its {@code Idempotency-Key} answers 200 with the first notification.
     */
    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Send a notification template to the client (admin)", description = "ADMIN only. The"
            + " body's `idempotencyKey` names one notification: sent again, it answers the first (202) and queues"
            + " nothing; used for another client, template or service it is 409. With an `Idempotency-Key` header,"
            + " the header is checked first: the same request sent again under it answers 200 with the first"
            + " notification, another request under it is 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Service ready, again", value = """
                            {"template": "service-ready", "serviceId": 1}"""))))
    @ApiResponse(responseCode = "202", description = "Queued in the outbox: the sender delivers it; `Location` is its"
            + " address", content = @Content(schema = @Schema(implementation = NotificationView.class)))
    @ApiResponse(responseCode = "200", description = "The same request sent again under its Idempotency-Key: the"
            + " notification the first one queued, with its `Location`; nothing is queued",
            content = @Content(schema = @Schema(implementation = NotificationView.class)))
    ResponseEntity<NotificationView> send(@PathVariable long clientId, @Valid @RequestBody SendRequest request,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters, the caller's own within the"
                    + " client: the same request sent again with the key answers 200 with the first notification"
                    + " and queues nothing; another request under the key is 409, whatever its `idempotencyKey`.")
            @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false) String requestKey) {
        ManualNotifications.Sent sent = manual.send(clientId, request.template(), request.serviceId(),
                request.idempotencyKey(), request.params(), requestKey);
        NotificationView body = NotificationView.of(sent.notification());
        return ResponseEntity.status(sent.before() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(Locations.of("/api/v1/notifications/{id}", body.id())).body(body);
    }

    record SendRequest(
            @NotBlank @Size(max = 64) String template,
            Long serviceId,
            @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9:._-]+", message = "letters, digits and : . _ - only")
            String idempotencyKey,
            Map<String, @Size(max = 500) String> params) {
    }
}
