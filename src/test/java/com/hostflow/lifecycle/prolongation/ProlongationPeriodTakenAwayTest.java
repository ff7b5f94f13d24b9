package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.MailText;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;
import com.hostflow.support.WhileHolding;
import com.icegreen.greenmail.util.GreenMail;

/**
 * A client prolongs by a period (202) and, before the prolongation has charged it, something comes between.
 * <p>
 * An admin takes that period's price away (200: no live service has that period yet). The prolongation used to fail on pricing it, retry, and stay as an
 * incident holding the service's prolongation claim, so neither the client nor the billing run could prolong it any
 * more. It ends as a requested prolongation the balance did not cover does: nothing charged, the service as it was.
 * The request's transaction is held open until the tariff change has committed, so the change always comes between.
 * <p>
 * A deletion is accepted: the ProlongationDecision table refuses the request inside the process, nothing is charged,
 * and the client is told by mail that the service is being deleted and nothing was charged. The prolongation ended at
 * Left alone and nobody heard of it. The request and the deletion commit together, so the prolongation always runs
 * after both.
 */
@IntegrationTest
class ProlongationPeriodTakenAwayTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    ServiceProlongations prolongations;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ServiceDeletions deletions;
    @Autowired
    GreenMail mailServer;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    Client client;
    long serviceId;

    @BeforeEach
    void activeServiceSoldByTheMonthAndTheYear() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        assertThat(putTariff(Map.of("MONTH", "10.00", "YEAR", "100.00")).getStatusCode().value()).isEqualTo(200);
        client = vps.client("yearly", 15);
        serviceId = vps.activeVps(client).get("id").asLong();
    }

    @AfterEach
    void noInstanceLeftBehind() {
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over", true, true));
    }

    @Test
    void aProlongationForAPeriodWhosePriceWasTakenAwayMeanwhileChargesNothingAndLetsTheServiceBeProlongedAgain()
            throws Exception {
        jdbc.update("update hostflow.client set language = 'ru' where id = ?", client.id());
        ResponseEntity<String> change = new WhileHolding(transactions, jdbc).run(
                () -> prolongations.requestProlongation(serviceId, Period.YEAR),
                () -> putTariff(Map.of("MONTH", "10.00")));
        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(200);

        Awaitility.await("the prolongation to end or fail").atMost(Duration.ofSeconds(60))
                .until(() -> prolongationsRunning() == 0 || incidents() > 0);
        assertThat(incidents()).as("incidents of service %s", serviceId).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(ServiceProlongationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getEndActivityId())
                .isEqualTo("EndEvent_NotPaid");
        assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ?"
                + " and event like 'prolongation%'", String.class, serviceId)).as("the client is told")
                .containsExactly("prolongation-not-paid");
        assertThat(mailTo(client.email(), "не продлена")).as("the period in the client's words")
                .contains("(№" + serviceId + ") на 1 год: к моменту списания на балансе уже не хватало средств");
        JsonNode service = vps.admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
        assertThat(service.get("period").asText()).isEqualTo("MONTH");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key"
                + " like 'prolong-%'", Long.class, serviceId)).isZero();
        assertThat(vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("140.00");

        ResponseEntity<String> again = vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId
                + "/prolong", Map.of("period", "MONTH"), String.class);
        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("130.00");
        // the client area says the period in words too (its pages are English)
        String session = ConsoleSecurityTest.login(http.withRedirects(ClientHttpRequestFactorySettings.Redirects
                .DONT_FOLLOW), client.email(), SimulatedVps.CLIENT_PASSWORD);
        assertThat(ConsoleSecurityTest.pageOf(http, session, "/my/services/" + serviceId))
                .contains("<dd id=\"service-period\">1 month</dd>", ">1 month – 10.00 EUR</option>")
                .doesNotContain(">MONTH");
    }

    @Test
    void aProlongationForADayThatARamChangeAcceptedMeanwhileLeftUnsoldChargesNothingAndLeavesNoIncident()
            throws Exception {
        // RAM above what is included is sold by the month only: the DAY asked for prices the RAM the service has
        ResponseEntity<String> priced = vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.PUT,
                new HttpEntity<>(vps.tariffForm(Map.of("MONTH", "10.00", "YEAR", "100.00", "DAY", "0.40"),
                        Map.of("resource", "ram", "included", 1024, "min", 1024, "max", 8192, "step", 1024,
                                "prices", Map.of("MONTH", "2.00")))), String.class);
        assertThat(priced.getStatusCode().value()).as(priced.getBody()).isEqualTo(200);
        ResponseEntity<String> change = new WhileHolding(transactions, jdbc).run(
                () -> prolongations.requestProlongation(serviceId, Period.DAY),
                () -> vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId + "/parameters",
                        Map.of("addons", Map.of("ram", 2048)), String.class));
        // checked against the service's MONTH, which sells it (helper-134's race probe: a DAY prolongation and a
        // RAM change sent at once by a client)
        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(202);

        Awaitility.await("the prolongation to end or fail").atMost(Duration.ofSeconds(60))
                .until(() -> prolongationsRunning() == 0 || incidents() > 0);
        assertThat(incidents()).as("incidents of service %s", serviceId).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(ServiceProlongationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getEndActivityId())
                .isEqualTo("EndEvent_NotPaid");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key"
                + " like 'prolong-%'", Long.class, serviceId)).isZero();
        vps.awaitProcessesEnded(serviceId);
        JsonNode service = vps.admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
        assertThat(service.get("period").asText()).isEqualTo("MONTH");
        assertThat(service.get("addons").get("ram").asLong()).isEqualTo(2048);
        // the claim is free: the client's next prolongation runs
        ResponseEntity<String> again = vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId
                + "/prolong", Map.of("period", "MONTH"), String.class);
        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(incidents()).isZero();
    }

    @Test
    void takingAwayThePriceOfAPeriodWhileAProlongationChargesItAnswers409() throws Exception {
        WhileHolding holding = new WhileHolding(transactions, jdbc);
        ResponseEntity<String> change = holding.run(() -> {
            // the client's account held: the prolongation's charge waits for it in the middle of its transaction
            jdbc.queryForObject("select id from hostflow.account where client_id = ? for update", Long.class,
                    client.id());
            long waitingBefore = holding.waitingLocks();
            ResponseEntity<String> asked = vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId
                    + "/prolong", Map.of("period", "YEAR"), String.class);
            assertThat(asked.getStatusCode().value()).as(asked.getBody()).isEqualTo(202);
            Awaitility.await("the prolongation to wait for the account").atMost(Duration.ofSeconds(30))
                    .until(() -> holding.waitingLocks() > waitingBefore);
        }, () -> putTariff(Map.of("MONTH", "10.00")));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(409);
        assertThat(change.getBody()).contains("service " + serviceId, "YEAR would have no price");
        vps.awaitProcessesEnded(serviceId);
        JsonNode service = vps.admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
        assertThat(service.get("period").asText()).isEqualTo("YEAR");
        assertThat(vps.admin().getForObject("/api/v1/tariffs/" + vps.tariffId, JsonNode.class).get("prices")
                .has("YEAR")).isTrue();
    }

    @Test
    void aClientsProlongationThatAnAdminsDeletionOvertookChargesNothingAndTellsTheClient() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            prolongations.requestProlongation(serviceId, Period.MONTH);
            deletions.deleteByAdmin(serviceId);
        });
        Awaitility.await("the prolongation to end").atMost(Duration.ofSeconds(60))
                .until(() -> prolongationsRunning() == 0);

        HistoricProcessInstance prolongation = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ServiceProlongationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult();
        List<String> path = history.createHistoricActivityInstanceQuery()
                .processInstanceId(prolongation.getId()).orderByHistoricActivityInstanceStartTime().asc()
                .orderPartiallyByOccurrence().asc().list().stream().map(HistoricActivityInstance::getActivityId)
                .toList();
        assertThat(path).as("the prolongation's path").containsSubsequence("Task_DecideProlongation",
                "Task_NotifyProlongationBeingDeleted", "EndEvent_RequestLeftToDeletion")
                .doesNotContain("Task_ChargeNextPeriod", "EndEvent_Skipped");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key"
                + " like 'prolong-%'", Long.class, serviceId)).as("nothing charged for the prolongation").isZero();
        assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ? and event like"
                + " 'prolongation%'", String.class, serviceId)).containsExactly("prolongation-being-deleted");
        String mail = mailTo(client.email(), "was not prolonged");
        assertThat(mail).contains("(#" + serviceId + ") for 1 month: it is being deleted",
                "Nothing was charged", "by our staff").doesNotContain("top it up");
        vps.awaitProcessesEnded(serviceId);
    }

    /** The subject and text of the first mail to {@code address} whose subject contains {@code subject}. */
    private String mailTo(String address, String subject) {
        return Awaitility.await("the client's mail").atMost(Duration.ofSeconds(30)).until(() -> Arrays
                .stream(mailServer.getReceivedMessages()).filter(m -> MailText.to(m).contains(address))
                .map(m -> MailText.subject(m) + "\n" + MailText.decoded(m))
                .filter(m -> m.lines().findFirst().orElseThrow().contains(subject))
                .findFirst().orElse(null), m -> m != null);
    }

    private long prolongationsRunning() {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ServiceProlongationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }

    private long incidents() {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list()
                .stream().mapToLong(i -> runtime.createIncidentQuery().processInstanceId(i.getId()).count()).sum();
    }

    private ResponseEntity<String> putTariff(Map<String, String> prices) {
        return vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.PUT, new HttpEntity<>(
                vps.tariffForm(prices, Map.of("resource", "ram", "included", 1024))), String.class);
    }
}
