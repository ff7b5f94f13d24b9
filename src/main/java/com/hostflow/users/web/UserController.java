package com.hostflow.users.web;

import java.net.URI;
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

import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

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
@Tag(name = "Users", description = "staff and admin accounts")
class UserController {

    private final StaffUserService users;

    UserController(StaffUserService users) {
        this.users = users;
    }

    @GetMapping
    List<StaffUser> list() {
        return users.list();
    }

    @GetMapping("/{username}")
    StaffUser get(@PathVariable String username) {
        return users.get(username);
    }

    @PostMapping
    ResponseEntity<StaffUser> create(@Valid @RequestBody CreateUser request) {
        StaffUser created = users.create(request.toAccount(), request.password());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
    }

    @PutMapping("/{username}")
    StaffUser update(@PathVariable String username, @Valid @RequestBody UpdateUser request) {
        return users.update(username, request.toAccount(username), request.password());
    }

    @DeleteMapping("/{username}")
    ResponseEntity<Void> delete(@PathVariable String username) {
        users.delete(username);
        return ResponseEntity.noContent().build();
    }

    record CreateUser(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "letters, digits and ._@- only, at most 64")
            String username,
            @NotNull @Size(min = 8, max = 128, message = "at least 8 characters") String password,
            @Size(max = 255) String firstName,
            @Size(max = 255) String lastName,
            @Email String email,
            @NotEmpty Set<@NotNull StaffRole> roles,
            Set<@NotBlank String> departments) {

        StaffUser toAccount() {
            return new StaffUser(username, firstName, lastName, email, roles,
                    departments == null ? Set.of() : departments);
        }
    }

    record UpdateUser(
            @Size(min = 8, max = 128, message = "at least 8 characters") String password,
            @Size(max = 255) String firstName,
            @Size(max = 255) String lastName,
            @Email String email,
            @NotEmpty Set<@NotNull StaffRole> roles,
            Set<@NotBlank String> departments) {

        StaffUser toAccount(String username) {
            return new StaffUser(username, firstName, lastName, email, roles,
                    departments == null ? Set.of() : departments);
        }
    }
}
