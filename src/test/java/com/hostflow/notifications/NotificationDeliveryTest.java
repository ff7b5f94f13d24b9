package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.MailText;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Notifications from the event to the mailbox, on the real outbox, sender, templates and a real SMTP server
 * (GreenMail): a payment told in the client's language from its provider's address, the "Notify the client" task of
 * a model under a job retry and in a loop, a client without an address, a model naming an unknown template.
 */
@IntegrationTest
class NotificationDeliveryTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcTemplate jdbc;

    NotificationTestData data;

    @BeforeEach
    void catalog() {
        data = new NotificationTestData(http, smtp).catalog();
    }

    @Test
    void aPaymentIsToldInTheClientsLanguageFromTheProvidersAddressWithItsSignature() throws Exception {
        String email = data.email("ru");
        long client = data.client(email, "ru");

        long payment = data.pay(client, "25.00");

        MimeMessage mail = data.awaitMailsTo(email, 1).get(0);
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("billing-" + data.unique
                + "@acme.example");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Acme Hosting");
        assertThat(mail.getSubject()).isEqualTo("Платёж на 25.00 EUR получен");
        String body = GreenMailUtil.getBody(mail);
        assertThat(mail.getContentType()).startsWith("multipart/");
        JsonNode row = data.awaitNotification(client, "payment-received", "SENT");
        assertThat(row.get("channel").asText()).isEqualTo("EMAIL");
        assertThat(row.get("to").asText()).isEqualTo(email);
        assertThat(row.get("subject").asText()).isEqualTo(mail.getSubject());
        JsonNode detail = data.notification(row.get("id").asLong());
        assertThat(detail.get("idempotencyKey").asText()).isEqualTo("payment-" + payment);
        assertThat(mail.getMessageID()).isEqualTo(detail.get("messageId").asText());
        assertThat(detail.get("language").asText()).isEqualTo("ru");
        assertThat(detail.get("attempts").asInt()).isEqualTo(1);
        assertThat(MailText.decoded(mail)).contains("Здравствуйте, Client ru " + data.unique, "25.00 EUR",
                "Acme Hosting team " + data.unique);
        assertThat(body).isNotBlank();

        // the same bank transfer again: no new payment, so nothing more to tell
        data.admin().postForEntity("/api/v1/payments", Map.of("clientId", client, "amount", "25.00",
                "externalId", "bank-repeat-" + data.unique), String.class);
        data.admin().postForEntity("/api/v1/payments", Map.of("clientId", client, "amount", "25.00",
                "externalId", "bank-repeat-" + data.unique), String.class);
        Awaitility.await().atMost(NotificationTestData.WAIT).until(() -> data.mailsTo(email).size() == 2);
        assertThat(data.notificationsOf(client)).hasSize(2);
    }

    @Test
    void theNotifyClientTaskOfAModelSendsOneMailPerStepEvenWhenItsJobIsRetried() throws Exception {
        repository.createDeployment().name("notify-client-test").enableDuplicateFiltering(true)
                .addClasspathResource("notifications/NotifyClientTestProcess.bpmn").deploy();
        String email = data.email("model");
        long client = data.client(email, "en");
        data.pay(client, "20.00");
        long service = data.orderedService(client);

        String instance = runtime.startProcessInstanceByKey("NotifyClientTestProcess", Long.toString(service),
                Map.of("serviceId", service, "note", "first boot takes a minute")).getId();

        // the job notifies, then the gateway fails (no "proceed" yet): the whole attempt rolls back
        Job job = Awaitility.await("the failed attempt").atMost(NotificationTestData.WAIT).until(
                () -> management.createJobQuery().processInstanceId(instance).singleResult(),
                j -> j != null && j.getExceptionMessage() != null);
        String key = instance + ":Task_NotifyServiceReady";
        assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where idempotency_key = ?",
                Integer.class, key)).isZero();

        runtime.setVariable(instance, "proceed", true);
        management.executeJob(job.getId());

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_Done");
        List<MimeMessage> mails = data.awaitMailsTo(email, 4);
        Awaitility.await().pollDelay(Duration.ofMillis(600)).atMost(NotificationTestData.WAIT)
                .until(() -> data.mailsTo(email).size() == 4);
        assertThat(mails.stream().map(NotificationDeliveryTest::subject).toList())
                .contains("Your VPS-N " + data.unique + " is ready");
        assertThat(jdbc.queryForList("select idempotency_key from hostflow.notification where idempotency_key like ?"
                + " order by idempotency_key", String.class, instance + ":%"))
                .containsExactly(instance + ":Task_NotifyServiceReady", instance + ":Task_RemindTwice:0",
                        instance + ":Task_RemindTwice:1");
        assertThat(jdbc.queryForObject("select model_json from hostflow.notification where idempotency_key = ?",
                String.class, key)).contains("\"note\":\"first boot takes a minute\"", "\"service\":{\"id\":" + service)
                .doesNotContainIgnoringCase("password\":\"");
        MimeMessage ready = mails.stream().filter(m -> subject(m).endsWith("is ready")).findFirst().orElseThrow();
        assertThat(MailText.decoded(ready)).contains("https://panel.test/my/services/" + service + "/credentials",
                "Domain: vps" + service + ".acme.example");

        // telling the same event again (a job that ran twice) writes and sends nothing more
        JsonNode before = data.notificationsOf(client);
        new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(
                tx -> notifications.enqueue(new NotificationRequest(key, "service-ready", null, service, null,
                        Map.of())));
        assertThat(data.notificationsOf(client)).hasSameSizeAs(before);
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void aClientWithoutAnEmailGetsNoMailAndItsListSaysWhy() {
        long client = data.client(null, "en");

        data.pay(client, "5.00");

        JsonNode row = data.awaitNotification(client, "payment-received", "SKIPPED");
        assertThat(row.get("detail").asText()).isEqualTo("the client has no e-mail address");
        assertThat(row.get("to").isNull()).isTrue();
    }

    @Test
    void enqueueingNeedsTheTransactionOfTheEvent() {
        assertThatThrownBy(() -> notifications.enqueue(new NotificationRequest("outside-" + data.unique,
                "payment-received", 1L, null, null, Map.of())))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aModelNamingAnUnknownTemplateIsRefusedAtDeployment() {
        String model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Typo"
                    targetNamespace="https://hostflow.example/test">
                  <bpmn:process id="TypoProcess" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Go" />
                    <bpmn:serviceTask id="Task_NotifyTypo" camunda:delegateExpression="${notifyClientAdapter}">
                      <bpmn:extensionElements>
                        <camunda:field name="template" stringValue="servce-ready" />
                      </bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="Flow_Go" sourceRef="StartEvent_Go" targetRef="Task_NotifyTypo" />
                  </bpmn:process>
                </bpmn:definitions>
                """.strip();

        assertThatThrownBy(() -> repository.createDeployment().name("typo").addString("TypoProcess.bpmn", model)
                .deploy()).hasMessageContaining("Task_NotifyTypo of process TypoProcess")
                .hasMessageContaining("'servce-ready', which does not exist").hasMessageContaining("service-ready");
        assertThatThrownBy(() -> repository.createDeployment().name("no-template")
                .addString("TypoProcess.bpmn", model.replace("<camunda:field name=\"template\" stringValue="
                        + "\"servce-ready\" />", "")).deploy()).hasMessageContaining("names no template");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("TypoProcess").count()).isZero();
    }

    static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
