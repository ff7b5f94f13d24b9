package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.common.time.ClockMovedBack;
import com.hostflow.support.IntegrationTest;

/**
 * A payment's event left behind while the demo's clock was a year ahead (its delivery failed, or its node was killed)
 * carries the moved clock's times: after the clock was put back the sweeper left it for that year, and a service
 * suspended for non-payment stayed suspended though the client had paid (helper-84's note). The move back makes it due.
 */
@IntegrationTest
class PaymentEventsAfterClockMovedBackTest {

    @Autowired
    PaymentEvents paymentEvents;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPaymentEventLeftBehindWhileTheClockWasAheadIsDeliveredOnceItIsPutBack() {
        Instant yearAhead = Instant.now().plus(Duration.ofDays(365));
        Long id = jdbc.queryForObject("insert into hostflow.lifecycle_event (kind, client_id, created_at, attempts,"
                + " next_attempt_at) values ('PAYMENT', -37, ?, 1, ?) returning id", Long.class,
                Timestamp.from(yearAhead), Timestamp.from(yearAhead.plusSeconds(5)));

        paymentEvents.clockMovedBack(new ClockMovedBack(Instant.now()));

        Awaitility.await("the event delivered by the sweeper").atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject("select count(*) from hostflow.lifecycle_event where id = ?",
                        Integer.class, id) == 0);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.lifecycle_event where client_id = -37",
                Integer.class)).as("a client without services gets no per-service rows").isZero();
    }
}
