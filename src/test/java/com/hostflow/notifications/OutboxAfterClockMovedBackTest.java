package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.common.time.ClockControl;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * A mail queued while the demo's clock was ahead and not yet sent when it was put back: it was due at the moved
 * clock's time and waited in the outbox until the clock caught up (helper-84's probe: a year ahead and back), holding
 * back every later mail to its client. The move back makes it due.
 */
@IsolatedIntegrationTest
class OutboxAfterClockMovedBackTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    ClockControl clock;

    NotificationTestData data;

    @BeforeEach
    void catalog() {
        data = new NotificationTestData(http, smtp).catalog();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aMailQueuedWhileTheClockWasAheadGoesOutOnceTheClockIsPutBack() {
        String email = data.email("clock-back");
        long client = data.client(email, "en");
        moveClockTo(Instant.now().plus(Duration.ofDays(365)));
        // queued by the moved clock after the sender's last round (due a moment later, so no round takes it first)
        long id = new TransactionTemplate(transactionManager).execute(tx -> {
            long queued = notifications.enqueue(new NotificationRequest("clock-back-" + data.unique,
                    "payment-received", client, null, null, Map.of("amount", "1.00"))).getId();
            jdbc.update("update hostflow.notification_delivery set next_attempt_at = ? where notification_id = ?",
                    Timestamp.from(clock.now().plus(Duration.ofMinutes(1))), queued);
            return queued;
        });

        moveClockTo(Instant.now());

        Awaitility.await("the mail queued ahead, sent").atMost(Duration.ofSeconds(20))
                .until(() -> data.notification(id).get("status").asText(), "SENT"::equals);
        assertThat(data.awaitMailsTo(email, 1)).hasSize(1);
    }

    private void moveClockTo(Instant now) {
        assertThat(http.withBasicAuth("demo", "demo").exchange("/api/v1/dev/clock", HttpMethod.PUT,
                new HttpEntity<>(Map.of("now", now.toString())), String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}
