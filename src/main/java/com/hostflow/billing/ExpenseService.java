package com.hostflow.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
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

    /**
     * A statement's page: the expenses of the newest whole calendar months (by the day each line starts) before
     * {@code before} (null: all), oldest line first, and the month before which older lines are left for the next
     * page ({@code olderBefore}, null when none are).
     */
    public record StatementPage(List<Expense> expenses, YearMonth olderBefore) {
    }

    /**
     * The newest months of the client's expenses that fit in about {@code maxLines} lines, each month whole: a month
     * the limit would cut goes to the next page (a month with more lines than the limit is shown whole, alone).
     * The pages used to show the oldest lines up to their limit: a client billed daily for three years saw no
     * expense of the last months, and the last month shown was a part of its total.
     */
    @Transactional(readOnly = true)
    public StatementPage statement(long clientId, YearMonth before, int maxLines) {
        // a month past what PostgreSQL stores (a page link typed by hand) is the open end
        LocalDate until = before == null || before.isAfter(YearMonth.from(LATEST)) ? LATEST
                : before.isBefore(YearMonth.from(EARLIEST)) ? EARLIEST : before.atDay(1);
        List<Expense> newest = expenses.findNewestStartingIn(clientId, EARLIEST, until,
                PageRequest.of(0, maxLines + 1));
        if (newest.size() <= maxLines) {
            return new StatementPage(oldestFirst(newest), null);
        }
        YearMonth cut = YearMonth.from(newest.get(maxLines).getDateFrom());
        List<Expense> whole = newest.stream().filter(e -> YearMonth.from(e.getDateFrom()).isAfter(cut)).toList();
        if (whole.isEmpty()) {
            whole = expenses.findNewestStartingIn(clientId, cut.atDay(1), cut.plusMonths(1).atDay(1),
                    Pageable.unpaged());
            return new StatementPage(oldestFirst(whole), cut);
        }
        return new StatementPage(oldestFirst(whole), cut.plusMonths(1));
    }

    private static List<Expense> oldestFirst(List<Expense> newestFirst) {
        List<Expense> lines = new ArrayList<>(newestFirst);
        Collections.reverse(lines);
        return lines;
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
