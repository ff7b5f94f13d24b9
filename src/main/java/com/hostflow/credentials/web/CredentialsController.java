package com.hostflow.credentials.web;

import java.util.Iterator;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.credentials.ServicePasswordResets;
import com.hostflow.lifecycle.ConcurrentChanges;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What a module created for the client of a service, for that client and admins only (staff get 403 on the URL,
 * another client 404); every read is audited. The one API answer that carries passwords.
 */
@RestController
@RequestMapping("/api/v1/services/{id}")
@Tag(name = "Service credentials", description = "What a module created for the client to reach the service"
        + " (logins, passwords, panel), stored encrypted; only the service's client and ADMIN read them, every read audited.")
class CredentialsController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceCredentials credentials;
    private final ServicePasswordResets resets;
    private final ConcurrentChanges concurrentChanges;

    CredentialsController(ServiceCredentials credentials, ServicePasswordResets resets,
            ConcurrentChanges concurrentChanges) {
        this.credentials = credentials;
        this.resets = resets;
        this.concurrentChanges = concurrentChanges;
    }

    @GetMapping("/credentials")
    @Operation(summary = "The panel login and password, the root password, the panel address and the IP addresses"
            + " of the service (fields the module has); audited", description = "A stored password no configured"
            + " key decrypts (the secret key changed without re-encrypting it) is not shown: `unreadable` is true,"
            + " `unreadableFields` names it (`password`, `rootPassword`) and `unreadableReason` says why and what"
            + " to do; the other fields are shown as usual.")
    CredentialsResponse credentials(@PathVariable long id) {
        ServiceCredentials.Revealed revealed = credentials.reveal(id);
        return new CredentialsResponse(revealed.login(), revealed.password(), revealed.rootPassword(),
                revealed.panelUrl(), revealed.addresses(), !revealed.unreadable().isEmpty(),
                revealed.unreadable().isEmpty() ? null : revealed.unreadable(), revealed.unreadableReason());
    }

    @PostMapping("/reset-password")
    @Operation(summary = "Sets a new root password through the module (ServicePasswordResetProcess); read it from"
            + " /credentials once the client was told", description = "202. With an `Idempotency-Key` header a"
            + " retry of the same request answers 200 with the first reset's process instance and sets no other"
            + " password. No body, or `{}`: the module chooses the password, and a field sent (`password`) is 400."
            + " 409 while another reset of the service runs (the problem names its process instance).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    mediaType = "application/json",
                    examples = @ExampleObject(name = "The module chooses the password", value = "{}"))))
    @ApiResponse(responseCode = "202", description = "Accepted: ServicePasswordResetProcess sets the password",
            content = @Content(schema = @Schema(implementation = ResetResponse.class)))
    @ApiResponse(responseCode = "200", description = "The same request sent again under its Idempotency-Key: the"
            + " first reset, none started again", content = @Content(schema = @Schema(implementation =
                    ResetResponse.class)))
    ResponseEntity<ResetResponse> resetPassword(@PathVariable long id,
            @RequestBody(required = false) String body,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters: the same request sent again with"
                    + " the key answers 200 and starts no second reset; another request under a used key is 409.")
            @RequestHeader(name = RequestKeys.HEADER, required = false) String idempotencyKey) {
        takesNoFields(body);
        // like the other actions on a service: a deadlock with the service's own processes is tried again, not a 500
        ServicePasswordResets.RequestedReset reset = concurrentChanges.retry(() -> resets.requestReset(id,
                idempotencyKey));
        return ResponseEntity.status(reset.requestedBefore() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new ResetResponse(id, reset.processInstanceId()));
    }

    /**
     * A reset takes no fields: the module chooses the password. A body that names one ({@code {"password":"mine"}})
     * is 400 naming it, where it was a 202 that set another password than the one sent. Read as text whatever its
     * Content-Type, so no body, {@code {}} and {@code curl -d ''} (a form type) reset as before.
     */
    private static void takesNoFields(String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode fields;
        try {
            fields = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "a reset takes no body, or {}");
        }
        if (fields == null || !fields.isObject()) {
            throw new InvalidInputException("body", "a reset takes no body, or {}");
        }
        Iterator<String> names = fields.fieldNames();
        if (names.hasNext()) {
            String name = names.next();
            throw new InvalidInputException(name.length() > 100 ? name.substring(0, 100) + "…" : name,
                    "unknown field: the module chooses the new password (read it from /credentials)");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CredentialsResponse(String login, String password, String rootPassword, String panelUrl,
            List<String> addresses, boolean unreadable, List<String> unreadableFields, String unreadableReason) {

        @Override
        public String toString() {
            return "CredentialsResponse[login=" + login + ", passwords hidden]";
        }
    }

    record ResetResponse(long serviceId, String processInstanceId) {
    }
}
