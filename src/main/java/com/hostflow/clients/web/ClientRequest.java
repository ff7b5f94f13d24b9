package com.hostflow.clients.web;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A client as an admin writes it; {@code password} is write-only and optional (it creates or resets the login, and
 * needs an {@code email}); {@code language} of its mails is {@code en} (default) or {@code ru}. A client without an
 * e-mail gets no mails.
 */
public record ClientRequest(
        @Email @Size(max = 254) String email,
        @NotBlank @VisibleText @Size(max = 200) String name,
        @Size(max = 40) @Pattern(regexp = "\\+?[0-9 ()-]{3,39}", message = "must be a phone number") String phone,
        @NotNull Long providerId,
        @Size(min = 8, max = 128, message = "8 to 128 characters") String password,
        @Pattern(regexp = "en|ru", message = "must be en or ru") String language) {

    /** The request as text without its password: what a create's Idempotency-Key compares, which keeps no secret. */
    String withoutPassword() {
        return new ClientRequest(email, name, phone, providerId, null, language).toString();
    }
}
