package com.hostflow.billing;

import java.time.LocalDate;
import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The client's expenses and credits, line by line. */
@Service
public class ExpenseService {

    /** The open ends of a date filter: dates PostgreSQL stores and compares as ordinary dates. */
    static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private final ExpenseRepository expenses;
    private final CreditRepository credits;

    ExpenseService(ExpenseRepository expenses, CreditRepository credits) {
        this.expenses = expenses;
        this.credits = credits;
    }

    /** Money given back to the client (refunds, proration credits, adjustments), newest first. */
    @Transactional(readOnly = true)
    public List<Credit> credits(long clientId, int page, int size) {
        return credits.findByClientIdOrderByIdDesc(clientId, PageRequest.of(page, size));
    }

    /**
     * Expenses of the client overlapping {@code [from, to)} (either may be null: open), of one service when
     * {@code serviceId} is given, oldest first.
     */
    @Transactional(readOnly = true)
    public List<Expense> expenses(long clientId, Long serviceId, LocalDate from, LocalDate to, int page, int size) {
        LocalDate since = from == null ? EARLIEST : from;
        LocalDate until = to == null ? LATEST : to;
        PageRequest request = PageRequest.of(page, size);
        return serviceId == null ? expenses.findForClient(clientId, since, until, request)
                : expenses.findForClientAndService(clientId, serviceId, since, until, request);
    }
}
