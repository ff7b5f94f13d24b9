package com.hostflow.logins.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.clients.ClientAccess;
import com.hostflow.logins.OwnPassword;
import com.hostflow.security.CurrentUser;
import com.hostflow.security.Roles;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The caller's own login: who the API takes it for, and its password. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The caller's own login (any role): who it is, and changing its password.")
class MeController {

    private static final String PASSWORD_EXAMPLE = """
            {"currentPassword": "client", "newPassword": "a-longer-secret"}""";

    private final CurrentUser currentUser;
    private final ClientAccess clients;
    private final OwnPassword ownPassword;

    MeController(CurrentUser currentUser, ClientAccess clients, OwnPassword ownPassword) {
        this.currentUser = currentUser;
        this.clients = clients;
        this.ownPassword = ownPassword;
    }

    /** {@code clientId} is set for a client's login only. */
    record Me(String username, List<String> roles, Set<String> departments, Long clientId) {
    }

    @GetMapping
    @Operation(summary = "Who is calling", description = "The login, its roles, its departments (staff) and, for a"
            + " client's login, its client id.")
    Me me() {
        List<String> roles = new ArrayList<>();
        if (currentUser.isAdmin()) {
            roles.add(Roles.ADMIN);
        }
        if (currentUser.isStaff()) {
            roles.add(Roles.STAFF);
        }
        Long clientId = null;
        if (currentUser.isClient()) {
            roles.add(Roles.CLIENT);
            clientId = clients.currentClientId().orElse(null);
        }
        return new Me(currentUser.username(), roles, currentUser.departments(), clientId);
    }

    /**
     * The constraints describe the fields in the OpenAPI document; {@link OwnPassword} checks them, with the current
     * password, in one round (checked here first, a too short new password hid a wrong current one).
     */
    record PasswordChange(
            @NotEmpty String currentPassword,
            @NotNull @Size(min = OwnPassword.MIN_LENGTH, max = OwnPassword.MAX_LENGTH,
                    message = "from " + OwnPassword.MIN_LENGTH + " to " + OwnPassword.MAX_LENGTH + " characters")
            String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange[hidden]";
        }
    }

    @PutMapping("/password")
    @Operation(summary = "Change my password", description = "For every login: client, staff, admin. The current"
            + " password must be given again (400 naming `currentPassword` when it is wrong; it does not count as a"
            + " failed login; after 5 wrong ones in 15 minutes 429 with Retry-After). The new one takes effect at"
            + " once for the API, the pages, Cockpit and Tasklist."
            + " Two changes at once: one wins, the other answers 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "A new password", value = PASSWORD_EXAMPLE))))
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange request) {
        ownPassword.change(currentUser.username(), request.currentPassword(), request.newPassword());
        return ResponseEntity.noContent().build();
    }
}
