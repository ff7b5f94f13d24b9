package com.hostflow.users.web;

import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.CreateKey;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.VisibleText;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Staff and admin accounts; the same logins work in the API, Cockpit and Tasklist. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Users", description = "Staff and admin accounts (ADMIN only); the same logins work in the API, Cockpit and Tasklist. Client logins come with their clients.")
class UserController {

    private static final String USER_EXAMPLE = """
            {"username": "anna", "password": "s3cret-pass", "firstName": "Anna", "lastName": "Berg",
             "email": "anna@example.com", "roles": ["STAFF"], "departments": ["support"]}""";

    private static final String USER_UPDATE_EXAMPLE = """
            {"firstName": "Anna", "lastName": "Berg", "email": "anna@example.com", "roles": ["STAFF"],
             "departments": ["support", "noc"]}""";

    private final StaffUserService users;
    private final CreateOnce once;

    UserController(StaffUserService users, CreateOnce once) {
        this.users = users;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List staff and admin users")
    List<StaffUser> list() {
        return users.list();
    }

    @GetMapping("/{username}")
    @Operation(summary = "Get a user", description = "404 for an unknown user name.")
    StaffUser get(@PathVariable String username) {
        return users.get(username);
    }

    @PostMapping
    @Operation(summary = "Create a user", description = "`roles`: ADMIN and/or STAFF; `departments`: department"
            + " keys whose tasks the user works on in Tasklist. The password is write-only (8 to 128 characters).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Anna of support", value = USER_EXAMPLE))))
    ResponseEntity<StaffUser> create(@Valid @RequestBody CreateUser request, CreateKey key) {
        return once.answerNamed(key, "user", request.withoutPassword(),
                () -> users.create(request.toAccount(), request.password()), StaffUser::username,
                () -> users.get(request.username()));
    }

    @PutMapping("/{username}")
    @Operation(summary = "Change a user", description = "Without `password` the current one stays. The last"
            + " administrator cannot lose the ADMIN role (409).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Anna, also in the NOC", value = USER_UPDATE_EXAMPLE))))
    StaffUser update(@PathVariable String username, @Valid @RequestBody UpdateUser request, IfMatch ifMatch) {
        return users.update(username, request.toAccount(username), request.password(), ifMatch);
    }

    @DeleteMapping("/{username}")
    @Operation(summary = "Delete a user", description = "The last administrator cannot be deleted (409).")
    ResponseEntity<Void> delete(@PathVariable String username, IfMatch ifMatch) {
        users.delete(username, ifMatch);
        return ResponseEntity.noContent().build();
    }

    // lists, not sets: a bad element is named by its index (roles[1]); a role named twice counts once
    record CreateUser(
            // "." and ".." are no path segment: /api/v1/users/.. never reached the user made with that name
            @NotBlank @Pattern(regexp = "(?!\\.\\.?$)[A-Za-z0-9._@-]{1,64}",
                    message = "letters, digits and ._@- only, at most 64, not . or ..") String username,
            @NotNull @Size(min = 8, max = 128, message = "8 to 128 characters") String password,
            @VisibleText(optional = true) @Size(max = 255) String firstName,
            @VisibleText(optional = true) @Size(max = 255) String lastName,
            @Email String email,
            @NotEmpty List<@NotNull StaffRole> roles,
            List<@NotBlank String> departments) {

        StaffUser toAccount() {
            return new StaffUser(username, firstName, lastName, email, Set.copyOf(roles),
                    departments == null ? Set.of() : Set.copyOf(departments));
        }

        /** The request as text without its password: what its Idempotency-Key compares, which keeps no secret. */
        String withoutPassword() {
            return new CreateUser(username, null, firstName, lastName, email, roles, departments).toString();
        }
    }

    record UpdateUser(
            @Size(min = 8, max = 128, message = "8 to 128 characters") String password,
            @VisibleText(optional = true) @Size(max = 255) String firstName,
            @VisibleText(optional = true) @Size(max = 255) String lastName,
            @Email String email,
            @NotEmpty List<@NotNull StaffRole> roles,
            List<@NotBlank String> departments) {

        StaffUser toAccount(String username) {
            return new StaffUser(username, firstName, lastName, email, Set.copyOf(roles),
                    departments == null ? Set.of() : Set.copyOf(departments));
        }
    }
}
