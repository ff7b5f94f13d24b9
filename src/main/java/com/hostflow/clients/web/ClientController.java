package com.hostflow.clients.web;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.clients.ClientAccess;
import com.hostflow.common.web.CreateKey;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.PageNumber;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Clients: ADMIN creates and changes them; STAFF reads them; a CLIENT sees only itself. */
@RestController
@RequestMapping("/api/v1/clients")
@Validated
@Tag(name = "Clients", description = "The provider's customers. Each has one account per provider and,"
        + " with a password, a login of its own (user name = e-mail, role CLIENT).")
class ClientController {

    private static final String CLIENT_EXAMPLE = """
            {"email": "jane@example.com", "name": "Jane Doe", "phone": "+31 20 555 0101", "providerId": 1,
             "password": "jane-s3cret"}""";

    private final ClientService clients;
    private final ClientAccess access;
    private final CreateOnce once;

    ClientController(ClientService clients, ClientAccess access, CreateOnce once) {
        this.clients = clients;
        this.access = access;
        this.once = once;
    }

    @PostMapping
    @Operation(summary = "Create a client", description = "ADMIN only. Opens its account at `providerId`;"
            + " `password` (write-only, optional) creates its login.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Jane at Demo Hosting", value = CLIENT_EXAMPLE))))
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ClientResponse> create(@Valid @RequestBody ClientRequest request, CreateKey key) {
        return once.answer(key, "client", request.withoutPassword(),
                () -> ClientResponse.of(clients.create(toData(request))), ClientResponse::id,
                id -> ClientResponse.of(clients.client(id)));
    }

    @GetMapping
    @Operation(summary = "List clients", description = "ADMIN and STAFF: all, paged; a CLIENT: only itself.")
    List<ClientResponse> list(@RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        if (access.callerIsClient()) {
            return access.currentClientId().map(id -> List.of(ClientResponse.of(clients.client(id))))
                    .orElse(List.of());
        }
        return clients.clients(page, size).stream().map(ClientResponse::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a client", description = "404 for an unknown id, and for a CLIENT for any client but"
            + " itself.")
    ClientResponse get(@PathVariable long id) {
        access.requireVisible(id);
        return ClientResponse.of(clients.client(id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a client", description = "ADMIN only. A `password` creates or resets its login.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Jane at Demo Hosting", value = CLIENT_EXAMPLE))))
    @PreAuthorize("hasRole('ADMIN')")
    ClientResponse update(@PathVariable long id, @Valid @RequestBody ClientRequest request, IfMatch ifMatch) {
        return ClientResponse.of(clients.update(id, toData(request), ifMatch));
    }

    private static ClientData toData(ClientRequest request) {
        return new ClientData(blankToNull(request.email()), request.name(), request.phone(), request.providerId(),
                request.password(), request.language());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
