package com.hostflow.lifecycle;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Payments on their way to the processes that wait for money, seen from outside: a delivery that failed (a process
 * that cannot hear Msg_PaymentReceived) is retried by {@link PaymentEvents} less and less often, and would otherwise
 * show only as a warning in the log while its service waits. The console's overview lists these deliveries and
 * {@code /actuator/prometheus} counts them ({@code hostflow_payment_deliveries_failing},
 * {@code hostflow_payment_deliveries_waiting}), so an admin or an alert sees a service that does not hear its money.
 */
@Component
public class PaymentDeliveries {

    static final String FAILING = "hostflow.payment.deliveries.failing";
    static final String WAITING = "hostflow.payment.deliveries.waiting";

    private final JdbcTemplate jdbc;

    PaymentDeliveries(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder(FAILING, this, PaymentDeliveries::failingCount)
                .description("Payments that failed to reach a service's processes and wait for their next attempt")
                .register(meters);
        Gauge.builder(WAITING, this, PaymentDeliveries::waitingCount)
                .description("Payments not yet delivered to the processes, failing or not").register(meters);
    }

    /**
     * A payment that a service's processes failed to hear: how often, since when, and when it is tried again; no
     * service when it failed before it was shared out among the client's services.
     */
    public record FailingDelivery(Long serviceId, long clientId, int attempts, Instant paidAt, Instant nextAttemptAt) {
    }

    /** The failing deliveries, the longest failing first. */
    public List<FailingDelivery> failing(int limit) {
        return jdbc.query("select service_id, client_id, attempts, created_at, next_attempt_at from"
                + " hostflow.lifecycle_event where attempts > 0 order by created_at, id limit ?",
                (row, n) -> new FailingDelivery(row.getObject(1, Long.class), row.getLong(2), row.getInt(3),
                        row.getTimestamp(4).toInstant(), row.getTimestamp(5).toInstant()), limit);
    }

    public long failingCount() {
        return count("select count(*) from hostflow.lifecycle_event where attempts > 0");
    }

    private long waitingCount() {
        return count("select count(*) from hostflow.lifecycle_event");
    }

    private long count(String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }
}
