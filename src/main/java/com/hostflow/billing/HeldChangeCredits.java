package com.hostflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The credits of parameter changes that wait for their module: a decrease is credited when the module has applied
 * it ({@link BillingService#bookHeldCredits}), and dropped when the module could not
 * ({@link BillingService#dropHeldCredits}). Held under the change's movement keys, so a change sent again holds
 * nothing twice; the rows stay with their outcome, so booking or dropping again moves nothing.
 */
@Component
class HeldChangeCredits {

    private final JdbcTemplate jdbc;

    HeldChangeCredits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void hold(String changeKey, CreditRequest credit) {
        jdbc.update("insert into hostflow.change_credit_held (credit_key, change_key, client_id, provider_id,"
                + " service_id, amount, period_from, period_to, description) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (credit_key) do nothing", credit.key(), changeKey, credit.clientId(),
                credit.providerId(), credit.serviceId(), Money.round(credit.amount()), date(credit.from()),
                date(credit.to()), credit.description());
    }

    boolean holds(String creditKey) {
        return !jdbc.queryForList("select 1 from hostflow.change_credit_held where credit_key = ?", Integer.class,
                creditKey).isEmpty();
    }

    /** The change's held credits that are neither booked nor dropped, marked booked by this transaction. */
    List<CreditRequest> takeForBooking(String changeKey) {
        return jdbc.query("update hostflow.change_credit_held set outcome = 'BOOKED' where change_key = ?"
                + " and outcome is null returning credit_key, client_id, provider_id, service_id, amount,"
                + " period_from, period_to, description",
                (row, i) -> new CreditRequest(row.getString("credit_key"), row.getLong("client_id"),
                        row.getLong("provider_id"), row.getLong("service_id"), CreditKind.PRORATION,
                        row.getBigDecimal("amount"), localDate(row.getDate("period_from")),
                        localDate(row.getDate("period_to")), row.getString("description")),
                changeKey);
    }

    /**
     * Drops the change's held credits that are not booked and answers the sum of all it ever dropped: the same when
     * asked again, so an undo repeated takes back the same.
     */
    BigDecimal drop(String changeKey) {
        jdbc.update("update hostflow.change_credit_held set outcome = 'DROPPED' where change_key = ?"
                + " and outcome is null", changeKey);
        return jdbc.queryForObject("select coalesce(sum(amount), 0) from hostflow.change_credit_held"
                + " where change_key = ? and outcome = 'DROPPED'", BigDecimal.class, changeKey).setScale(2);
    }

    static BigDecimal sum(List<CreditRequest> credits) {
        return credits.stream().map(CreditRequest::amount).reduce(Money.ZERO, BigDecimal::add);
    }

    private static Date date(java.time.LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    private static java.time.LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
