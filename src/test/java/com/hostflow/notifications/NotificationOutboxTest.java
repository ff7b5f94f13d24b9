package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;

/**
 * The outbox under failure, with the real sender and SMTP server: an SMTP outage is ridden out with retries and one
 * mail comes when the server is back; a row held by a sender that died is taken again after its lease (and a copy
 * the dead sender had already sent carries the same Message-ID); a notification whose every attempt fails becomes
 * FAILED, visible to admins, in the metrics and as a department task that can send it again.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class NotificationOutboxTest {

    private static final Path OPERATOR_TEMPLATES = Path.of("target/test-mail-templates");

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    Notifications notifications;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JavaMailSender mailSender;

    @Autowired
    TaskService tasks;

    @Autowired
    HistoryService history;

    @Autowired
    Clock clock;

    @Autowired
    LifecycleEvents events;

    @Autowired
    NotificationSettings settings;

    NotificationTestData data;

    @BeforeEach
    void catalog() {
        data = new NotificationTestData(http, smtp).catalog();
    }

    @Test
    void anSmtpOutageIsRetriedWithBackoffAndOneMailGoesOutWhenTheServerIsBack() {
        String email = data.email("outage");
        long client = data.client(email, "en");
        JsonNode retried;
        smtp.stop();
        try {
            data.pay(client, "7.00");
            JsonNode row = data.awaitNotification(client, "payment-received", "PENDING");
            retried = Awaitility.await("two failed attempts").atMost(NotificationTestData.WAIT)
                    .until(() -> data.notification(row.get("id").asLong()),
                            n -> n.get("attempts").asInt() >= 2 && "PENDING".equals(n.get("status").asText()));
        } finally {
            smtp.start();
        }
        assertThat(retried.get("lastError").asText()).containsIgnoringCase("connect");
        assertThat(Instant.parse(retried.get("nextAttemptAt").asText())).isAfter(Instant.parse(
                retried.get("createdAt").asText()));

        List<MimeMessage> mails = data.awaitMailsTo(email, 1);
        JsonNode sent = data.awaitNotification(client, "payment-received", "SENT");
        assertThat(data.notification(sent.get("id").asLong()).get("attempts").asInt()).isGreaterThanOrEqualTo(3);
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> data.mailsTo(email).size() == 1);
        assertThat(mails).hasSize(1);
    }

    @Test
    void theSenderChangesOnlyTheDeliveryRowNeverTheMessage() {
        String email = data.email("narrow");
        long client = data.client(email, "en");
        // the id of the transaction that wrote the message, as a row's xmin shows it (32 bits)
        long[] idAndWriter = new TransactionTemplate(transactionManager).execute(tx -> new long[] {
            notifications.enqueue(new NotificationRequest("narrow-" + data.unique, "payment-received", client, null,
                    null, Map.of("amount", "1.00"))).getId(),
            jdbc.queryForObject("select txid_current() % 4294967296", Long.class)});

        data.awaitMailsTo(email, 1);
        data.awaitNotification(client, "payment-received", "SENT");

        assertThat(jdbc.queryForObject("select xmin::text::bigint from hostflow.notification where id = ?",
                Long.class, idAndWriter[0])).as("the message as written").isEqualTo(idAndWriter[1]);
        assertThat(jdbc.queryForObject("select xmin::text::bigint from hostflow.notification_delivery"
                + " where notification_id = ?", Long.class, idAndWriter[0])).as("the delivery, marked sent")
                .isNotEqualTo(idAndWriter[1]);
    }

    /** An event whose transaction rolls back (a cancellation that lost its race) leaves no mail, and says none. */
    @Test
    void aNotificationRolledBackWithItsEventIsNeitherLoggedNorCounted(CapturedOutput output) {
        long client = data.client(data.email("rolled-back"), "en");
        String key = "rolled-back-" + data.unique;
        double counted = queuedCount();

        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            notifications.enqueue(new NotificationRequest(key, "payment-received", client, null, null,
                    Map.of("amount", "1.00")));
            tx.setRollbackOnly();
        });

        assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where idempotency_key = ?",
                Long.class, key)).isZero();
        assertThat(output.getAll().lines().filter(line -> line.contains("for client " + client + ": queued")))
                .as("logged of a rollback").isEmpty();
        assertThat(queuedCount()).as("counted").isEqualTo(counted);
    }

    private double queuedCount() {
        return meters.find("hostflow.notifications.queued").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /**
     * The same step run twice at once (a client's cancellation of an unpaid order and the order's pay-before timer
     * both moving its process on): both look for the key, find none and write it; the second waits for the first and
     * then loses with a concurrent change, which a job runs again without using up a retry and a request retries. It
     * was a DataIntegrityViolationException, a failure of its own: the timer's job used up a retry and logged an error
     * (found by UnpaidOrderCancellationRaceTest).
     */
    @Test
    void aKeyWrittenByAConcurrentTransactionMeanwhileIsAConcurrentChange() throws Exception {
        long client = data.client(data.email("twice"), "en");
        String key = "twice-" + data.unique;
        NotificationRequest request = new NotificationRequest(key, "payment-received", client, null, null,
                Map.of("amount", "1.00"));

        RuntimeException second = new WhileHolding(transactionManager, jdbc).run(() -> notifications.enqueue(request),
                () -> {
                    try {
                        new TransactionTemplate(transactionManager).execute(tx -> notifications.enqueue(request));
                        return null;
                    } catch (RuntimeException lost) {
                        return lost;
                    }
                });

        assertThat(second).isInstanceOf(ConcurrencyFailureException.class).hasMessageContaining(key);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where idempotency_key = ?",
                Long.class, key)).isEqualTo(1);
    }

    @Test
    void aRowHeldByASenderThatDiedIsSentAgainAfterItsLeaseWithTheSameMessageId() throws Exception {
        String email = data.email("crash");
        long client = data.client(email, "en");
        // a sender on another node claimed the row, the SMTP server took the mail, and the node died before the mark
        long id = queuedAndHeld(client, "crash", "dead-node", Duration.ofSeconds(3));
        Timestamp leaseEnds = jdbc.queryForObject("select lease_until from hostflow.notification_delivery"
                + " where notification_id = ?", Timestamp.class, id);
        String messageId = data.notification(id).get("messageId").asText();
        MimeMessage firstCopy = mailSender.createMimeMessage();
        firstCopy.setRecipients(jakarta.mail.Message.RecipientType.TO, email);
        firstCopy.setFrom("billing@acme.example");
        firstCopy.setSubject("first copy");
        firstCopy.setText("sent by the node that died");
        firstCopy.setHeader("Message-ID", messageId);
        mailSender.send(firstCopy);

        // while the lease holds, no other sender touches the row
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofMillis(2500))
                .until(() -> data.mailsTo(email).size() == 1);
        assertThat(claimedBy(id)).isEqualTo("dead-node");

        List<MimeMessage> mails = data.awaitMailsTo(email, 2);
        assertThat(jdbc.queryForObject("select clock_timestamp() > ?", Boolean.class, leaseEnds)).isTrue();
        JsonNode sent = data.awaitNotification(client, "payment-received", "SENT");
        assertThat(sent.get("id").asLong()).isEqualTo(id);
        assertThat(data.notification(id).get("attempts").asInt()).isEqualTo(2);
        assertThat(claimedBy(id)).isNotEqualTo("dead-node");
        assertThat(mails).extracting(NotificationOutboxTest::messageId).containsOnly(messageId);
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> data.mailsTo(email).size() == 2);
    }

    /**
     * The demo's clock moved a month on while a sender held a row: the row's lease, judged by that clock, had run
     * out, and the next claim took it and sent the mail a second time.
     */
    @Test
    void aRowBeingSentIsNotTakenOverWhenTheApplicationsClockMovesOn() {
        long client = data.client(data.email("moved"), "en");
        long id = queuedAndHeld(client, "moved", "live-node", Duration.ofMinutes(5));
        Clock monthOn = Clock.offset(clock, Duration.ofDays(31));
        OutboxClaims claims = new OutboxClaims(jdbc, transactionManager, events, settings, monthOn);

        List<OutboxClaims.Claimed> claimed = claims.claim("other-node", 1000);

        assertThat(claimed).extracting(OutboxClaims.Claimed::id).doesNotContain(id);
        assertThat(claimedBy(id)).isEqualTo("live-node");
    }

    /** A payment mail queued for the client and claimed by {@code node}, its lease running for {@code lease}. */
    private long queuedAndHeld(long client, String key, String node, Duration lease) {
        return new TransactionTemplate(transactionManager).execute(tx -> {
            long queued = notifications.enqueue(new NotificationRequest(key + "-" + data.unique, "payment-received",
                    client, null, null, Map.of("amount", "1.00"))).getId();
            jdbc.update("update hostflow.notification_delivery set status = 'SENDING', attempts = 1, claimed_by = ?,"
                    + " claim_token = ?, lease_until = clock_timestamp() + ? * interval '1 millisecond'"
                    + " where notification_id = ?", node, node + "-token", lease.toMillis(), queued);
            return queued;
        });
    }

    @Test
    void aNotificationThatNeverGoesOutIsFailedVisibleCountedAndADepartmentTaskThatCanSendItAgain()
            throws IOException {
        String email = data.email("failed");
        long client = data.client(email, "en");
        String template = "broken-" + data.unique;
        write("en/" + template + ".subject.txt", "About your account");
        write("en/" + template + ".txt", "[(${client.name.noSuchMethod()})]");

        long id = new TransactionTemplate(transactionManager).execute(tx -> notifications.enqueue(
                new NotificationRequest("broken-" + data.unique, template, client, null, null, Map.of())).getId());

        JsonNode failed = Awaitility.await("the notification to fail").atMost(NotificationTestData.WAIT)
                .until(() -> data.notification(id), n -> "FAILED".equals(n.get("status").asText()));
        assertThat(failed.get("attempts").asInt()).isEqualTo(6);
        assertThat(failed.get("lastError").asText()).contains("does not render");
        assertThat(data.mailsTo(email)).isEmpty();
        JsonNode failedList = data.admin().getForObject("/api/v1/notifications?status=FAILED&size=500",
                JsonNode.class);
        assertThat(failedList.get("content").findValuesAsText("id")).contains(Long.toString(id));
        String metrics = data.admin().getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("hostflow_notifications_failed_total{event=\"" + template + "\"} 1.0")
                .containsPattern("hostflow_notifications_outbox\\{status=\"failed\"} [1-9]");

        Task task = Awaitility.await("the department's task").atMost(NotificationTestData.WAIT).until(
                () -> tasks.createTaskQuery().processDefinitionKey(NotificationFailedProcess.KEY)
                        .processInstanceBusinessKey(NotificationFailedProcess.BUSINESS_KEY_PREFIX + id).singleResult(),
                t -> t != null);
        assertThat(tasks.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
                .contains("support");
        assertThat(tasks.getVariables(task.getId())).containsEntry("event", template)
                .containsEntry("recipient", email).containsEntry("clientName", "Client en " + data.unique);

        // staff fix the template (or the address) and send it again
        write("en/" + template + ".txt", "Hello [(${client.name})], all is well.");
        tasks.complete(task.getId(), Map.of(NotificationFailedProcess.DECISION, "resend"));

        MimeMessage mail = data.awaitMailsTo(email, 1).get(0);
        assertThat(NotificationDeliveryTest.subject(mail)).isEqualTo("About your account");
        // the mail reaches the server before the sender's transaction marks the row SENT
        Awaitility.await("the notification to be marked sent").atMost(NotificationTestData.WAIT)
                .until(() -> data.notification(id).get("status").asText(), "SENT"::equals);
        assertThat(history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(NotificationFailedProcess.BUSINESS_KEY_PREFIX + id).singleResult()
                .getEndActivityId()).isEqualTo(NotificationFailedProcess.END_REQUEUED);
    }

    /**
     * A mail still waiting in the outbox (here: not due for an hour, as after a long SMTP outage) goes to whom the
     * client is when it is sent: its new address, name and language. It went to the address the client had left, in
     * the language it had left, and a client who removed its address was tried until the department got a task.
     */
    @Test
    void aQueuedMailGoesToTheAddressAndLanguageTheClientHasWhenItIsSent() {
        String left = data.email("left");
        String now = data.email("now");
        long moved = data.client(left, "en");
        long silenced = data.client(data.email("silenced"), "en");
        long[] ids = new TransactionTemplate(transactionManager).execute(tx -> new long[] {
            queuedForLater(moved, "moved"), queuedForLater(silenced, "silenced")});

        changeClient(moved, now, "Renamed " + data.unique, "ru");
        changeClient(silenced, null, "Silenced " + data.unique, "en");
        jdbc.update("update hostflow.notification_delivery set next_attempt_at = now() where notification_id in (?, ?)",
                ids[0], ids[1]);

        MimeMessage mail = data.awaitMailsTo(now, 1).get(0);
        assertThat(NotificationDeliveryTest.subject(mail)).isEqualTo("Платёж на 1.00 EUR получен");
        assertThat(recipients(mail)).contains("Renamed " + data.unique);
        assertThat(data.mailsTo(left)).isEmpty();
        JsonNode sent = Awaitility.await("the moved client's mail marked sent").atMost(NotificationTestData.WAIT)
                .until(() -> data.notification(ids[0]), n -> "SENT".equals(n.get("status").asText()));
        assertThat(sent.get("to").asText()).isEqualTo(now);
        JsonNode skipped = Awaitility.await("the silenced client's mail skipped").atMost(NotificationTestData.WAIT)
                .until(() -> data.notification(ids[1]), n -> !"PENDING".equals(n.get("status").asText())
                        && !"SENDING".equals(n.get("status").asText()));
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get("lastError").asText()).isEqualTo(Notifications.NO_ADDRESS);
    }

    /**
     * A burst of events for one client, more than two of the sender's batches: every mail arrives once, none is lost,
     * and they arrive in the order the events happened (a client reads "payment 1, 2, 3", never "3, 1, 2").
     */
    @Test
    void aBurstOfEventsForOneClientArrivesOnceEachInTheOrderTheyHappened() {
        String email = data.email("burst");
        long client = data.client(email, "en");
        int events = 45;
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= events; i++) {
            data.pay(client, i + ".00");
            expected.add("Payment of " + i + ".00 EUR received");
        }

        data.awaitMailsTo(email, events);
        Awaitility.await("no mail twice").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> data.mailsTo(email).size() == events);
        assertThat(data.mailsTo(email).stream().map(NotificationDeliveryTest::subject).toList())
                .containsExactlyElementsOf(expected);
    }

    /**
     * After an SMTP outage a client's mails come in the order their events happened. Each failed attempt waits longer
     * than the one before, so the older of two mails (here "suspended", which failed more often) waited longer than
     * the newer ("resumed"): the client read "resumed" first and "suspended" after it. A mail now waits while an older
     * one to the same client waits for its next attempt, unless that one's template does not render.
     */
    @Test
    void afterAnOutageAClientsMailsComeInTheOrderTheirEventsHappened() {
        String email = data.email("ordered");
        long client = data.client(email, "en");
        long[] unrenderable = new long[1];
        // queued and put in their places in one transaction: the sender never sees them as plain due mails
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            long[] ids = {
                notifications.enqueue(new NotificationRequest("unrenderable-" + data.unique, "payment-received",
                        client, null, null, Map.of("amount", "0.50"))).getId(),
                notifications.enqueue(new NotificationRequest("first-" + data.unique, "payment-received", client,
                        null, null, Map.of("amount", "1.00"))).getId(),
                notifications.enqueue(new NotificationRequest("second-" + data.unique, "payment-received", client,
                        null, null, Map.of("amount", "2.00"))).getId()};
            unrenderable[0] = ids[0];
            // a mail whose template did not render (an operator's broken edit) holds nothing up while it waits
            jdbc.update("update hostflow.notification_delivery set attempts = 2, last_error = 'TemplateProblem: the"
                    + " mail template en/x.txt does not render', next_attempt_at = now() + interval '1 hour'"
                    + " where notification_id = ?", ids[0]);
            // as an outage leaves them: the older failed three times and waits 2 s more, the newer failed once and
            // is due
            jdbc.update("update hostflow.notification_delivery set attempts = 3, last_error = 'MailConnectException',"
                    + " next_attempt_at = now() + interval '2 seconds' where notification_id = ?", ids[1]);
            jdbc.update("update hostflow.notification_delivery set attempts = 1, last_error = 'MailConnectException',"
                    + " next_attempt_at = now() where notification_id = ?", ids[2]);
        });

        data.awaitMailsTo(email, 2);
        assertThat(data.mailsTo(email).stream().map(NotificationDeliveryTest::subject).toList())
                .containsExactly("Payment of 1.00 EUR received", "Payment of 2.00 EUR received");
        jdbc.update("update hostflow.notification_delivery set status = 'HANDLED' where notification_id = ?",
                unrenderable[0]);
    }

    private long queuedForLater(long client, String key) {
        long id = notifications.enqueue(new NotificationRequest(key + "-" + data.unique, "payment-received", client,
                null, null, Map.of("amount", "1.00"))).getId();
        jdbc.update("update hostflow.notification_delivery set next_attempt_at = now() + interval '1 hour'"
                + " where notification_id = ?", id);
        return id;
    }

    private void changeClient(long client, String email, String name, String language) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("email", email);
        body.put("name", name);
        body.put("providerId", data.providerId);
        body.put("language", language);
        var changed = data.admin().exchange("/api/v1/clients/" + client, org.springframework.http.HttpMethod.PUT,
                new org.springframework.http.HttpEntity<>(body), JsonNode.class);
        assertThat(changed.getStatusCode().value()).as("%s", changed.getBody()).isEqualTo(200);
    }

    private static String recipients(MimeMessage mail) {
        try {
            return java.util.Arrays.toString(mail.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String claimedBy(long id) {
        return jdbc.queryForObject("select claimed_by from hostflow.notification_delivery where notification_id = ?",
                String.class, id);
    }

    private static void write(String file, String content) throws IOException {
        Path path = OPERATOR_TEMPLATES.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
