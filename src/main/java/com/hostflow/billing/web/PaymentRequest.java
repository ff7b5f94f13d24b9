package com.hostflow.billing.web;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A payment received for a client. {@code providerId} is optional: without it the money goes to the account at the
 * client's own provider.
 */
public record PaymentRequest(
        @NotNull Long clientId,
        @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01")
        @Digits(integer = 17, fraction = 2,
                message = "must have at most 17 digits before the decimal point and 2 after it") BigDecimal amount,
        @NotBlank @Size(max = 100) String externalId,
        Long providerId) {
}
