package com.hostflow.billing.web;

import java.math.BigDecimal;

public record AccountResponse(BigDecimal balance, String currency) {
}
