package com.hostflow.billing.web;

import java.math.BigDecimal;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A credit an admin gives a client by hand; {@code description} is what the client reads beside it.
 * {@code providerId} is optional: without it the money goes to the account at the client's own provider.
 */
public record CreditForm(
        @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01")
        @Digits(integer = 17, fraction = 2,
                message = "must have at most 17 digits before the decimal point and 2 after it") BigDecimal amount,
        @NotBlank @VisibleText @Size(max = 500) String description,
        Long providerId) {
}
