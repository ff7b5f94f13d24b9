package com.hostflow.console;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.hostflow.billing.Expense;

/** Expenses grouped by the calendar month they start in, newest month first, with the month's total. */
public final class Statements {

    private Statements() {
    }

    public record Month(YearMonth month, List<Expense> lines, BigDecimal total) {
    }

    public static List<Month> byMonth(List<Expense> expenses) {
        Map<YearMonth, List<Expense>> grouped = new TreeMap<>(Comparator.reverseOrder());
        for (Expense expense : expenses) {
            grouped.computeIfAbsent(YearMonth.from(expense.getDateFrom()), m -> new ArrayList<>()).add(expense);
        }
        List<Month> months = new ArrayList<>();
        grouped.forEach((month, lines) -> months.add(new Month(month, lines,
                lines.stream().map(Expense::getAmount).reduce(BigDecimal.ZERO, BigDecimal::add))));
        return months;
    }
}
