package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.lifecycle.ConcurrentChanges;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A client cancels its unpaid order (DELETE /services/{id}) at the moment the order's pay-before timer fires (its job
 * run on another thread). Whichever goes first, the order ends cancelled once, with the reason of whoever cancelled
 * it: 202 and CLIENT when the client's cancellation won, UNPAID when the timer did (the client then hears 409); never
 * a 500, never a service without a reason, never an incident, one order-cancelled mail and no service-deleted one.
 * When the client's cancellation won, the timer's job lost on the order-cancelled mail's key: that loss used up one of
 * its retries and logged an error, as a failure of its own would (now a concurrent change, run again for free).
 */
@IntegrationTest
class UnpaidOrderCancellationRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    Client client;

    @BeforeEach
    void clientWithoutMoney() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        client = vps.client("cancelling", 0);
    }

    @Test
    void aClientsCancellationMeetingThePayBeforeTimerCancelsTheOrderOnceWithTheWinnersReason() throws Exception {
        List<String> reasons = new ArrayList<>();
        // one round with the timer first and one with the client first, so both answers are met whatever the round
        // at once happens to do
        for (Order order : List.of(Order.TIMER_FIRST, Order.CLIENT_FIRST, Order.AT_ONCE)) {
            long serviceId = vps.order(client);
            String timer = payBeforeTimer(serviceId);
            Callable<ResponseEntity<String>> cancellation = () -> vps.as(client.email()).exchange(
                    "/api/v1/services/" + serviceId, HttpMethod.DELETE, null, String.class);
            Callable<ResponseEntity<String>> payBeforePassed = () -> {
                try {
                    management.executeJob(timer);
                } catch (ProcessEngineException | ConcurrencyFailureException
                        | NullPointerException lostToTheCancellation) {
                    // the job went with the cancelled order, or lost to it on a concurrent change (an
                    // optimistic lock, a deadlock, the order-cancelled mail's key written by the client's
                    // cancellation): ConcurrentChangeJobRetries runs it again without using up a retry, and
                    // it finds itself gone. Anything else would use up a retry and log an error. What the
                    // order ended as is checked below either way
                }
                return null;
            };
            ResponseEntity<String> answer = switch (order) {
                case TIMER_FIRST -> {
                    payBeforePassed.call();
                    yield cancellation.call();
                }
                case CLIENT_FIRST -> {
                    ResponseEntity<String> first = cancellation.call();
                    payBeforePassed.call();
                    yield first;
                }
                case AT_ONCE -> AtOnce.all(List.of(cancellation, payBeforePassed)).get(0);
            };
            vps.awaitProcessesEnded(serviceId);

            String reason = jdbc.queryForObject("select deletion_reason from hostflow.service where id = ?",
                    String.class, serviceId);
            int status = answer.getStatusCode().value();
            assertThat(status).as("service %d: %s", serviceId, answer.getBody()).isIn(202, 409);
            assertThat(reason).as("service %d, cancellation answered %d", serviceId, status)
                    .isEqualTo(status == 202 ? "CLIENT" : "UNPAID");
            assertThat(jdbc.queryForObject("select status from hostflow.service where id = ?", String.class,
                    serviceId)).isEqualTo("DELETED");
            assertThat(jdbc.queryForList("select status from hostflow.service_order where service_id = ?",
                    String.class, serviceId)).containsExactly("CANCELLED");
            // the client never had the service: told once that the order was cancelled, never that a service was
            // deleted
            assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ?"
                    + " and event in ('order-cancelled', 'service-deleted')", String.class, serviceId))
                    .as("told once").containsExactly("order-cancelled");
            assertThat(jdbc.queryForObject("select model_json from hostflow.notification where service_id = ?"
                    + " and event = 'order-cancelled'", String.class, serviceId))
                    .as("the mail says who cancelled it").contains("\"deletionReason\":\"" + reason + "\"");
            assertThat(history.createHistoricIncidentQuery().processDefinitionKey(ServiceOrderProcess.KEY).list()
                    .stream().filter(incident -> history.createHistoricProcessInstanceQuery()
                            .processInstanceId(incident.getProcessInstanceId())
                            .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0)
                    .toList()).as("incidents of service %d", serviceId).isEmpty();
            reasons.add(reason);
        }
        assertThat(reasons).as("both sides of the race were met").contains("CLIENT", "UNPAID");
    }

    /**
     * The timer's job and the client's cancellation take the service's row and the engine's rows in one order: the
     * service's first. The timer's job is held at the engine's flush (its job row locked here) and the client's
     * cancellation sent meanwhile: it waits for the timer's job on the service's row, and the timer's job ends the
     * order once let go. They took them in opposite orders: the timer's job wrote the order-cancelled mail and reached
     * the service's row only when it committed, the client's cancellation held that row and waited for the mail's
     * key, and PostgreSQL broke the deadlock after a second, its loser run again.
     */
    @Test
    void aClientsCancellationWaitingForThePayBeforeTimerMeetsNoDeadlock() throws Exception {
        long serviceId = vps.order(client);
        String timer = payBeforeTimer(serviceId);
        ListAppender<ILoggingEvent> retries = new ListAppender<>();
        Logger retryLog = (Logger) LoggerFactory.getLogger(ConcurrentChanges.class);
        retries.start();
        retryLog.addAppender(retries);
        ResponseEntity<String> answer;
        CompletableFuture<RuntimeException> payBeforePassed;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            int holderBackend;
            try (Statement statement = holder.createStatement()) {
                ResultSet pid = statement.executeQuery("select pg_backend_pid()");
                pid.next();
                holderBackend = pid.getInt(1);
                statement.execute("select id_ from act_ru_job where id_ = '" + timer + "' for update");
            }
            try {
                payBeforePassed = CompletableFuture.supplyAsync(() -> {
                    try {
                        management.executeJob(timer);
                        return null;
                    } catch (RuntimeException lost) {
                        return lost;
                    }
                });
                int timerBackend = awaitBlockedBy(holderBackend);
                CompletableFuture<ResponseEntity<String>> cancellation = CompletableFuture.supplyAsync(
                        () -> vps.as(client.email()).exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE,
                                null, String.class));
                awaitBlockedBy(timerBackend);
                holder.rollback();
                answer = cancellation.get(60, TimeUnit.SECONDS);
            } finally {
                holder.rollback();
            }
            assertThat(payBeforePassed.get(60, TimeUnit.SECONDS)).as("the timer's job lost").isNull();
        } finally {
            retryLog.detachAppender(retries);
        }
        vps.awaitProcessesEnded(serviceId);

        assertThat(retries.list).extracting(ILoggingEvent::getFormattedMessage).as("runs again")
                .noneMatch(message -> message.contains("deadlock"));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select deletion_reason from hostflow.service where id = ?", String.class,
                serviceId)).isEqualTo("UNPAID");
        assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ?"
                + " and event in ('order-cancelled', 'service-deleted')", String.class, serviceId))
                .containsExactly("order-cancelled");
    }

    /**
     * An unpaid order whose process an admin cancels (Cockpit) is cancelled, and the WARN saying so is logged once
     * that committed: a cancellation that rolls back (it lost its race to a client's cancellation or to the order's
     * own step, or anything after it failed) logs nothing. It logged "the order is cancelled" first and then rolled
     * back, telling of what never happened.
     */
    @Test
    void anOrderCancellationThatRollsBackLogsNothing() {
        long serviceId = vps.order(client);
        payBeforeTimer(serviceId);
        String instance = runtime.createProcessInstanceQuery().processDefinitionKey(ServiceOrderProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getId();
        ListAppender<ILoggingEvent> said = new ListAppender<>();
        Logger orderLog = (Logger) LoggerFactory.getLogger(ServiceOrders.class);
        said.start();
        orderLog.addAppender(said);
        try {
            new TransactionTemplate(transactions).executeWithoutResult(lost -> {
                runtime.deleteProcessInstance(instance, "lost its race");
                lost.setRollbackOnly();
            });
            assertThat(said.list).extracting(ILoggingEvent::getFormattedMessage).as("logged of a rollback")
                    .isEmpty();
            assertThat(jdbc.queryForObject("select status from hostflow.service where id = ?", String.class,
                    serviceId)).isEqualTo("ORDERED");

            runtime.deleteProcessInstance(instance, "cancelled in Cockpit");
        } finally {
            orderLog.detachAppender(said);
        }
        assertThat(said.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("service " + serviceId
                + ": its order " + jdbc.queryForObject("select id from hostflow.service_order where service_id = ?",
                        Long.class, serviceId) + " ended while the service was ORDERED (cancelled?); the order is"
                + " cancelled");
        assertThat(jdbc.queryForObject("select status from hostflow.service where id = ?", String.class, serviceId))
                .isEqualTo("DELETED");
    }

    /** The backend that waits for a lock {@code backend} holds, once one does. */
    private int awaitBlockedBy(int backend) {
        return Awaitility.await("a backend waiting for backend " + backend).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForList("select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))",
                        Integer.class, backend).stream().findFirst().orElse(null), pid -> pid != null);
    }

    private enum Order { TIMER_FIRST, CLIENT_FIRST, AT_ONCE }

    /** The order's pay-before timer (Timer_OrderExpires), once the order waits for the money. */
    private String payBeforeTimer(long serviceId) {
        return Awaitility.await("the order of service " + serviceId + " to wait for money")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runtime.createProcessInstanceQuery().processDefinitionKey(ServiceOrderProcess.KEY)
                        .processInstanceBusinessKey(Long.toString(serviceId)).list().stream()
                        .flatMap(order -> management.createJobQuery().processInstanceId(order.getId()).timers()
                                .list().stream())
                        .map(Job::getId).findFirst().orElse(null), job -> job != null);
    }
}
