package com.hostflow.billing.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.billing.ManualCredits;
import com.hostflow.billing.ManualCredits.Given;
import com.hostflow.clients.ClientAccess;
import com.hostflow.common.web.IdempotencyKeyHeader;
import com.hostflow.common.web.Locations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Credits an admin gives a client by hand, and any one credit of a client by its id. */
@RestController
@RequestMapping("/api/v1/clients/{clientId}/credits")
@Tag(name = "Accounts and expenses")
class ManualCreditController {

    private final ManualCredits credits;
    private final ClientAccess access;

    ManualCreditController(ManualCredits credits, ClientAccess access) {
        this.credits = credits;
        this.access = access;
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Give a client a credit", description = "ADMIN only. An `ADJUSTMENT` credit to the client's"
            + " account (at its own provider unless `providerId` says otherwise): a goodwill credit, a correction."
            + " Audited; like a payment it pays the client's unpaid orders and prolongs services suspended for"
            + " billing. With an `Idempotency-Key` header the same credit sent again answers 200 with the first and"
            + " credits nothing; another credit under a used key is 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Goodwill credit", value = """
                            {"amount": "5.00", "description": "Compensation for the outage of 12 May"}"""))))
    ResponseEntity<CreditResponse> give(@PathVariable long clientId, @Valid @RequestBody CreditForm form,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters: the same credit sent again with"
                    + " the key answers 200 with the first and credits nothing.")
            @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false) String idempotencyKey) {
        Given given = credits.give(clientId, form.providerId(), form.amount(), form.description(), idempotencyKey);
        CreditResponse body = CreditResponse.of(given.credit());
        URI location = Locations.of("/api/v1/clients/{client}/credits/{id}", clientId, body.id());
        return given.givenBefore() ? ResponseEntity.ok().location(location).body(body)
                : ResponseEntity.status(HttpStatus.CREATED).location(location).body(body);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one of a client's credits", description = "Any kind (refund, proration, adjustment);"
            + " 404 for an unknown id, another client's credit, and for a CLIENT another client.")
    CreditResponse credit(@PathVariable long clientId, @PathVariable long id) {
        access.requireVisible(clientId);
        return CreditResponse.of(credits.credit(clientId, id));
    }
}
