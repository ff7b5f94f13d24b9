package com.hostflow.billing.web;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.hostflow.billing.Expense;

/** One line of expenses; {@code to} is exclusive (the day the paid time ends) and absent for one-time charges. */
public record ExpenseResponse(long id, Long serviceId, BigDecimal amount, LocalDate from, LocalDate to,
        String description) {

    static ExpenseResponse of(Expense expense) {
        return new ExpenseResponse(expense.getId(), expense.getServiceId(), expense.getAmount(), expense.getDateFrom(),
                expense.getDateTo(), expense.getDescription());
    }
}
