package com.hostflow.billing.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

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

import com.hostflow.billing.Payment;
import com.hostflow.billing.PaymentService;
import com.hostflow.billing.PaymentService.PaymentOutcome;
import com.hostflow.clients.ClientAccess;
import com.hostflow.common.web.IdempotencyKeyHeader;
import com.hostflow.common.web.Locations;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.PageNumber;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Payments: an ADMIN (or the account of a payment gateway) records the money that arrived; a client only reads its
 * own, since a client that could record payments could credit itself without paying. A repeated {@code externalId},
 * or the same request sent again under its {@code Idempotency-Key}, answers 200 with the first payment instead of 201.
 */
@RestController
@RequestMapping("/api/v1/payments")
@Validated
@Tag(name = "Payments", description = "Money that arrived for a client, recorded by an admin or a payment gateway's"
        + " admin account. A payment wakes the client's unpaid orders and prolongs services suspended for billing.")
class PaymentController {

    private final PaymentService payments;
    private final ClientAccess access;

    PaymentController(PaymentService payments, ClientAccess access) {
        this.payments = payments;
        this.access = access;
    }

    @PostMapping
    @Operation(summary = "Record a payment", description = "ADMIN only. Credits the client's account (at its own"
            + " provider unless `providerId` says otherwise). Idempotent on `externalId`: sent again, it answers 200"
            + " with the first payment and credits nothing; with another amount it is 409 (another payment needs"
            + " its own `externalId`). With an `Idempotency-Key` header, the key is checked first: the same request"
            + " sent again under it answers 200 with the first payment, another request under it is 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Bank transfer", value = """
                            {"clientId": 1, "amount": "25.00", "externalId": "bank-42"}"""))))
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<PaymentResponse> pay(@Valid @RequestBody PaymentRequest request,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters, the caller's own: the same"
                    + " request sent again with the key answers 200 with the first payment and its `Location` and"
                    + " credits nothing; another request under the key is 409, whatever its `externalId`.")
            @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false) String idempotencyKey) {
        PaymentOutcome outcome = payments.receiveForClient(request.clientId(), request.providerId(), request.amount(),
                request.externalId(), idempotencyKey);
        // read again: the account's provider and currency come with a payment read, not with one just saved
        PaymentResponse body = PaymentResponse.of(payments.payment(outcome.payment().getId()));
        URI location = Locations.of("/api/v1/payments/{id}", body.id());
        return outcome.created() ? ResponseEntity.status(HttpStatus.CREATED).location(location).body(body)
                : ResponseEntity.ok().location(location).body(body);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a payment", description = "404 for an unknown id, and for a CLIENT for another"
            + " client's payment.")
    PaymentResponse get(@PathVariable long id) {
        Payment payment = payments.payment(id);
        if (access.callerIsClient() && access.currentClientId().filter(own -> own == payment.getClientId()).isEmpty()) {
            throw new NotFoundException("payment", id);
        }
        return PaymentResponse.of(payment);
    }

    /** Newest first. A CLIENT without {@code clientId} gets its own payments. */
    @GetMapping
    @Operation(summary = "List payments", description = "Newest first, optionally of one client, paged by `page`"
            + " (from 0) and `size` (default and at most 500). A CLIENT gets its own without `clientId`.")
    List<PaymentResponse> list(@RequestParam(required = false) Long clientId,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "500") @Min(1) @Max(500) int size) {
        Long client = clientId;
        if (access.callerIsClient() && clientId == null) {
            Optional<Long> own = access.currentClientId();
            if (own.isEmpty()) {
                return List.of(); // a client login without a client has none, as its services and orders
            }
            client = own.get();
        }
        if (client != null) {
            access.requireVisible(client);
        }
        return payments.payments(client, page, size).stream().map(PaymentResponse::of).toList();
    }
}
