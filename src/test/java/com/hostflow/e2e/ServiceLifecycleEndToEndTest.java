package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IsolatedIntegrationTest;
import com.hostflow.support.MailText;
import com.icegreen.greenmail.util.GreenMail;

/**
 * A VPS's whole life through the REST API, on the real processes, the real billing and the VMmanager 6 simulator:
 * order, payment, activation, more RAM, suspension for an unpaid period, payment and resume, deletion by the client at
 * the end of the paid period. The module's password is distinctive and must never come back out of HostFlow. The
 * client hears of every step by mail, read from a real SMTP server (GreenMail): the order to pay, each payment, the
 * service ready, the new configuration, the two expiry reminders the billing run planned, the suspension, the resume,
 * the deletion scheduled and done.
 */
@IsolatedIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ServiceLifecycleEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);
    private static final BigDecimal MONTH_PRICE = new BigDecimal("10.00");
    private static final BigDecimal RAM_STEP_PRICE = new BigDecimal("2.00");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    ClockControl clockControl;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    GreenMail mailServer;

    @LocalServerPort
    int port;

    EndToEndApi api;
    String unique;
    String modulePassword;
    ProductTypeSettings productType;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        unique = Long.toString(System.nanoTime(), 36);
        modulePassword = "Vm6-" + unique + "-Zq8!hidden";
    }

    @AfterEach
    void tearDown() {
        clockControl.reset();
        if (productType != null) {
            productType.restore();
        }
    }

    @Test
    void aVpsLivesAndDiesThroughTheApi(CapturedOutput output) {
        // --- the catalog, as an admin sets it up ------------------------------------------------------------------
        String moduleUser = "hostflow-" + unique + "@example.com";
        SimulatorAdmin.createAdministrator(http, moduleUser, modulePassword);
        Catalog catalog = api.catalog(ADMIN, port, unique, moduleUser, modulePassword);
        assertThat(api.ok(api.post(ADMIN, "/api/v1/processing-modules/" + catalog.moduleId() + "/check-connection",
                null)).get("ok").asBoolean()).isTrue();
        productType = ProductTypeSettings.deleteAtTheEndOfThePaidPeriod(api, ADMIN);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        Login me = client.login();

        // a Monday morning whose next two period ends are weekdays, so no billing suspension waits for a weekend
        Instant orderedAt = nextMonday(api.now(ADMIN)).plus(10, ChronoUnit.HOURS);
        while (weekend(orderedAt.atZone(ZoneOffset.UTC).plusMonths(1))
                || weekend(orderedAt.atZone(ZoneOffset.UTC).plusMonths(1).plusHours(1).plusMonths(1))) {
            orderedAt = nextMonday(orderedAt).plus(10, ChronoUnit.HOURS);
        }
        api.moveClock(ADMIN, orderedAt);

        // --- order -> payment -> ACTIVE ---------------------------------------------------------------------------
        JsonNode order = api.ok(api.post(me, "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                catalog.tariffId(), "period", "MONTH", "addons", Map.of("ram", 4096, "cpu", 1, "disk", 20480,
                        "ipv4", 1), "params", Map.of("os", "ubuntu-24.04"))));
        long serviceId = order.get("serviceId").asLong();
        BigDecimal orderPrice = MONTH_PRICE.add(RAM_STEP_PRICE.multiply(BigDecimal.valueOf(2)));
        assertThat(order.get("amount").asText()).isEqualTo(orderPrice.toPlainString());
        assertThat(order.get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        Mails mails = new Mails(me.username());
        mails.await("Order #" + order.get("orderId").asLong() + ": please pay 14.00 EUR");

        api.pay(ADMIN, client.id(), "14.00");
        JsonNode active = awaitStatus(me, serviceId, "ACTIVE");
        assertThat(active.get("externalId").asText()).matches("\\d+");
        assertThat(active.get("ipAddresses")).isNotEmpty();
        assertThat(active.get("domain").asText()).isEqualTo("vps" + serviceId + ".e2e.example.net");
        Instant paidUntil = Instant.parse(active.get("paidUntil").asText());
        LocalDate orderDay = day(orderedAt);
        assertThat(day(paidUntil)).isEqualTo(orderDay.plusMonths(1));
        assertThat(api.balance(me, client.id())).isEqualTo("0.00");

        String openKey = operationKey(me, serviceId, "open");
        Map<String, Object> vm = onlyHost(openKey);
        assertThat(String.valueOf(vm.get("id"))).isEqualTo(active.get("externalId").asText());
        assertThat(vm.get("state")).isEqualTo("active");
        assertThat(vm.get("ram_mib")).isEqualTo(4096L);
        assertThat(ipsOf(vm)).containsExactlyElementsOf(texts(active.get("ipAddresses")));
        mails.await("Payment of 14.00 EUR received");
        String tariffName = api.ok(api.get(ADMIN, "/api/v1/tariffs/" + catalog.tariffId())).get("name").asText();
        String ready = mails.await("Your " + tariffName + " is ready");
        assertThat(ready).contains(active.get("ipAddresses").get(0).asText(), "/my/services/" + serviceId
                + "/credentials").doesNotContain(modulePassword);

        // --- more RAM, ten days later: the prorated charge is exact to the cent ----------------------------------
        Instant changedAt = orderedAt.plus(10, ChronoUnit.DAYS);
        api.moveClock(ADMIN, changedAt);
        api.pay(ADMIN, client.id(), "20.00");
        BigDecimal newPrice = MONTH_PRICE.add(RAM_STEP_PRICE.multiply(BigDecimal.valueOf(6)));
        long remainingDays = ChronoUnit.DAYS.between(day(changedAt), day(paidUntil));
        long periodDays = ChronoUnit.DAYS.between(orderDay, day(paidUntil));
        BigDecimal expectedCharge = newPrice.subtract(orderPrice).multiply(BigDecimal.valueOf(remainingDays))
                .divide(BigDecimal.valueOf(periodDays), 2, RoundingMode.HALF_UP);

        var changed = api.post(me, "/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 8192)));
        assertThat(changed.status()).as("%s", changed).isEqualTo(202);
        awaitService(me, serviceId, "ram 8192", s -> s.get("addons").get("ram").asLong() == 8192
                && "ACTIVE".equals(s.get("status").asText()) && !moduleOperationRunning(serviceId));
        assertThat(onlyHost(openKey).get("ram_mib")).isEqualTo(8192L);
        BigDecimal leftAfterChange = new BigDecimal("20.00").subtract(expectedCharge);
        assertThat(api.balance(me, client.id())).isEqualTo(leftAfterChange.toPlainString());
        mails.await(tariffName + " (#" + serviceId + "): the new configuration is active");

        // --- the billing run three days ahead plans the reminders: 3 days and 1 day before the paid period ends ---
        api.moveClock(ADMIN, paidUntil.minus(4, ChronoUnit.DAYS));
        assertThat(api.post(ADMIN, "/api/v1/billing/run", null).status()).isEqualTo(202);
        EndToEndApi.await("the reminders to be planned", () -> runtime.createProcessInstanceQuery()
                .processDefinitionKey("ServiceExpiryReminderProcess").processInstanceBusinessKey(Long.toString(serviceId))
                .count() == 1 ? true : null, () -> "no reminder process");
        String expiring = "Your " + tariffName + " is paid until ";
        api.moveClock(ADMIN, paidUntil.minus(3, ChronoUnit.DAYS).plus(1, ChronoUnit.MINUTES));
        mails.awaitCount(expiring, 1);
        api.moveClock(ADMIN, paidUntil.minus(1, ChronoUnit.DAYS).plus(1, ChronoUnit.MINUTES));
        mails.awaitCount(expiring, 2);

        // --- the paid period ends without money: SUSPENDED for BILLING, the VM stopped ----------------------------
        Instant dueAt = paidUntil.plus(1, ChronoUnit.HOURS);
        assertThat(day(dueAt).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        api.moveClock(ADMIN, dueAt);
        assertThat(api.post(ADMIN, "/api/v1/billing/run", null).status()).isEqualTo(202);
        JsonNode suspended = awaitStatus(me, serviceId, "SUSPENDED");
        assertThat(texts(suspended.get("statusReasons"))).containsExactly("BILLING");
        awaitHostState(openKey, "stopped");
        mails.await(tariffName + " (#" + serviceId + ") is suspended");

        // --- a payment resumes it: ACTIVE, the VM started ---------------------------------------------------------
        BigDecimal nextPeriod = newPrice;
        api.pay(ADMIN, client.id(), nextPeriod.subtract(leftAfterChange).toPlainString());
        JsonNode resumed = awaitStatus(me, serviceId, "ACTIVE");
        assertThat(resumed.get("statusReasons")).isEmpty();
        awaitHostState(openKey, "active");
        assertThat(api.balance(me, client.id())).isEqualTo("0.00");
        Instant paidAgainUntil = Instant.parse(resumed.get("paidUntil").asText());
        assertThat(paidAgainUntil).isAfter(dueAt.plus(27, ChronoUnit.DAYS));
        mails.await(tariffName + " (#" + serviceId + ") works again");

        // --- the client deletes: the VM lives until the paid period ends ------------------------------------------
        var deletion = api.delete(me, "/api/v1/services/" + serviceId);
        assertThat(deletion.status()).as("%s", deletion).isEqualTo(202);
        assertThat(deletion.body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(onlyHost(openKey).get("state")).isEqualTo("active");
        assertThat(api.ok(api.get(me, "/api/v1/services/" + serviceId)).get("status").asText()).isEqualTo("ACTIVE");
        mails.await(tariffName + " (#" + serviceId + ") will be deleted");

        // --- it thinks again and withdraws the deletion, then deletes it after all ---------------------------------
        var withdrawal = api.delete(me, "/api/v1/services/" + serviceId + "/deletion");
        assertThat(withdrawal.status()).as("%s", withdrawal).isEqualTo(202);
        assertThat(withdrawal.body().hasNonNull("deleteAt")).isFalse();
        mails.await(tariffName + " (#" + serviceId + ") will not be deleted");
        var deletedAgain = api.delete(me, "/api/v1/services/" + serviceId);
        assertThat(deletedAgain.status()).as("%s", deletedAgain).isEqualTo(202);
        assertThat(Instant.parse(deletedAgain.body().get("deleteAt").asText())).isEqualTo(paidAgainUntil);
        mails.awaitCount(tariffName + " (#" + serviceId + ") will be deleted", 2);

        api.moveClock(ADMIN, paidAgainUntil.plus(1, ChronoUnit.MINUTES));
        awaitStatus(me, serviceId, "DELETED");
        assertThat(simulator.hostsWithComment(openKey)).isEmpty();
        // nothing runs on for a deleted service (the billing run came due at the same time), and it stays deleted
        awaitService(me, serviceId, "every process of the service to end", s -> !anyProcessRunning(serviceId));
        assertThat(api.ok(api.get(me, "/api/v1/services/" + serviceId)).get("status").asText()).isEqualTo("DELETED");
        assertThat(mails.await(tariffName + " (#" + serviceId + ") was deleted")).contains(
                "It was deleted at your request, at the end of its paid period (" + day(paidAgainUntil) + ")");
        assertThat(api.ok(api.get(me, "/api/v1/services/" + serviceId)).get("deletionReason").asText())
                .isEqualTo("CLIENT_AT_PERIOD_END");
        // each event told once (the expiry reminders of the last period were withdrawn by the deletion)
        assertThat(mails.subjects()).containsExactlyInAnyOrder(
                "Order #" + order.get("orderId").asLong() + ": please pay 14.00 EUR",
                "Payment of 14.00 EUR received", "Your " + tariffName + " is ready",
                "Payment of 20.00 EUR received",
                tariffName + " (#" + serviceId + "): the new configuration is active",
                mails.only(expiring, 0), mails.only(expiring, 1),
                tariffName + " (#" + serviceId + ") is suspended",
                "Payment of " + nextPeriod.subtract(leftAfterChange).toPlainString() + " EUR received",
                tariffName + " (#" + serviceId + ") works again",
                tariffName + " (#" + serviceId + ") will be deleted",
                tariffName + " (#" + serviceId + ") will not be deleted",
                tariffName + " (#" + serviceId + ") will be deleted",
                tariffName + " (#" + serviceId + ") was deleted");
        assertThat(api.balance(me, client.id())).isEqualTo("0.00");

        // --- processes with Cockpit links, the journal with the module's attempts ---------------------------------
        JsonNode processes = api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/processes"));
        assertThat(texts(processes, "processKey")).contains("ServiceOrderProcess", "ModuleOperationProcess",
                "ParameterChangeProcess", "ServiceProlongationProcess", "ServiceSuspensionProcess",
                "ServiceResumeProcess", "ServiceDeletionProcess");
        processes.forEach(p -> assertThat(p.get("cockpitUrl").asText()).endsWith(p.get("endTime").isNull()
                ? "/camunda/app/cockpit/default/#/process-instance/" + p.get("id").asText()
                : "/camunda/app/cockpit/default/#/services?id=" + serviceId));
        JsonNode journal = api.ok(api.get(me, "/api/v1/services/" + serviceId + "/journal?size=200")).get("content");
        assertThat(texts(journal, "operation")).contains("open", "setparam", "suspend", "resume", "close");
        assertThat(journal).anySatisfy(e -> {
            assertThat(e.get("operation").asText()).isEqualTo("open");
            assertThat(e.get("outcome").asText()).isEqualTo("COMPLETED");
        });
        assertThat(journal).anySatisfy(e -> {
            assertThat(e.get("operation").asText()).isEqualTo("close");
            assertThat(e.get("outcome").asText()).isEqualTo("COMPLETED");
        });
        api.ok(api.get(ADMIN, "/api/v1/audit?entity=processing-module&size=500"));
        api.ok(api.get(ADMIN, "/api/v1/processing-modules/" + catalog.moduleId()));

        // --- the module's password never left HostFlow ------------------------------------------------------------
        assertThat(api.answers()).isNotEmpty().noneMatch(answer -> answer.contains(modulePassword));
        assertThat(variableValuesOf(serviceId)).isNotEmpty().noneMatch(value -> value.contains(modulePassword));
        assertThat(output.getAll()).doesNotContain(modulePassword);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** The mails to one address, as the SMTP server received them. */
    /** An unpaid order the client deletes is cancelled, and the client is told so (no mail said it before). */
    @Test
    void aClientIsToldWhenTheirUnpaidOrderIsCancelled() {
        String moduleUser = "hostflow-" + unique + "@example.com";
        SimulatorAdmin.createAdministrator(http, moduleUser, modulePassword);
        Catalog catalog = api.catalog(ADMIN, port, unique, moduleUser, modulePassword);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        Login me = client.login();
        JsonNode order = api.ok(api.post(me, "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "ubuntu-24.04"))));
        long orderId = order.get("orderId").asLong();
        Mails mails = new Mails(me.username());
        mails.await("Order #" + orderId + ": please pay " + order.get("amount").asText() + " EUR");

        assertThat(api.delete(me, "/api/v1/services/" + order.get("serviceId").asLong()).status()).isEqualTo(202);

        String cancelled = mails.await("Order #" + orderId + " is cancelled");
        assertThat(cancelled).contains("Nothing was charged", "Your balance is 0.00 EUR");
    }

    private final class Mails {

        private final String address;

        Mails(String address) {
            this.address = address;
        }

        List<MimeMessage> received() {
            return java.util.Arrays.stream(mailServer.getReceivedMessages()).filter(this::isForMe).toList();
        }

        List<String> subjects() {
            return received().stream().map(Mails::subject).toList();
        }

        /** Waits for a mail with this subject; its text. */
        String await(String subject) {
            MimeMessage mail = EndToEndApi.await("a mail '" + subject + "'", () -> received().stream()
                    .filter(m -> subject.equals(subject(m))).findFirst().orElse(null), () -> "mails " + subjects());
            return MailText.decoded(mail);
        }

        void awaitCount(String subjectStart, int count) {
            EndToEndApi.await(count + " mails '" + subjectStart + "…'", () -> subjects().stream()
                    .filter(subject -> subject.startsWith(subjectStart)).count() >= count ? true : null,
                    () -> "mails " + subjects());
        }

        String only(String subjectStart, int index) {
            return subjects().stream().filter(subject -> subject.startsWith(subjectStart)).toList().get(index);
        }

        private boolean isForMe(MimeMessage mail) {
            try {
                return java.util.Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                        .anyMatch(to -> to.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String subject(MimeMessage mail) {
            try {
                return mail.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode awaitStatus(Login login, long serviceId, String status) {
        return awaitService(login, serviceId, status,
                s -> status.equals(s.get("status").asText()) && !moduleOperationRunning(serviceId));
    }

    private JsonNode awaitService(Login login, long serviceId, String what,
            Predicate<JsonNode> condition) {
        return api.awaitService(login, ADMIN, serviceId, what, condition, MODULE_TIMERS);
    }

    private boolean moduleOperationRunning(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("ModuleOperationProcess")
                .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0;
    }

    private boolean anyProcessRunning(long serviceId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).count() > 0;
    }

    private void awaitHostState(String openKey, String state) {
        EndToEndApi.await("the VM to be " + state, () -> {
            List<Map<String, Object>> hosts = simulator.hostsWithComment(openKey);
            return hosts.size() == 1 && state.equals(hosts.get(0).get("state")) ? hosts : null;
        }, () -> "hosts " + simulator.hostsWithComment(openKey));
    }

    private Map<String, Object> onlyHost(String openKey) {
        List<Map<String, Object>> hosts = simulator.hostsWithComment(openKey);
        assertThat(hosts).as("VMs created by %s", openKey).hasSize(1);
        return hosts.get(0);
    }

    private String operationKey(Login login, long serviceId, String operation) {
        JsonNode journal = api.ok(api.get(login, "/api/v1/services/" + serviceId + "/journal?size=200"))
                .get("content");
        List<String> keys = new ArrayList<>();
        journal.forEach(e -> {
            if (operation.equals(e.get("operation").asText()) && !keys.contains(e.get("operationKey").asText())) {
                keys.add(e.get("operationKey").asText());
            }
        });
        assertThat(keys).as("%s keys in the journal", operation).hasSize(1);
        return keys.get(0);
    }

    /** Every value of every variable any process instance of the service held, running or finished. */
    private List<String> variableValuesOf(long serviceId) {
        String[] instanceIds = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).list().stream()
                .map(HistoricProcessInstance::getId).toArray(String[]::new);
        assertThat(instanceIds).isNotEmpty();
        List<String> values = new ArrayList<>();
        history.createHistoricVariableInstanceQuery().processInstanceIdIn(instanceIds).disableCustomObjectDeserialization()
                .list().forEach(v -> values.add(v.getName() + "=" + v.getTypedValue()));
        runtime.createVariableInstanceQuery().processInstanceIdIn(instanceIds).disableCustomObjectDeserialization()
                .list().forEach(v -> values.add(v.getName() + "=" + v.getTypedValue()));
        history.createHistoricDetailQuery().variableUpdates().disableCustomObjectDeserialization().list().stream()
                .filter(d -> List.of(instanceIds).contains(d.getProcessInstanceId()))
                .forEach(d -> values.add(d.toString()));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ipsOf(Map<String, Object> host) {
        return ((List<Map<String, Object>>) host.get("ip4")).stream().map(ip -> String.valueOf(ip.get("ip")))
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.get(field).asText()));
        return texts;
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean weekend(java.time.ZonedDateTime at) {
        return at.getDayOfWeek() == DayOfWeek.SATURDAY || at.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static Instant nextMonday(Instant now) {
        LocalDate day = day(now).plusDays(1);
        while (day.getDayOfWeek() != DayOfWeek.MONDAY) {
            day = day.plusDays(1);
        }
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The built-in product type vds set to client deletion at the end of the paid period, restored afterwards. */
    record ProductTypeSettings(EndToEndApi api, Login admin, JsonNode before) {

        static ProductTypeSettings deleteAtTheEndOfThePaidPeriod(EndToEndApi api, Login admin) {
            JsonNode vds = api.ok(api.get(admin, "/api/v1/product-types/vds"));
            ProductTypeSettings settings = new ProductTypeSettings(api, admin, vds.deepCopy());
            var changed = (ObjectNode) vds.deepCopy();
            changed.put("clientDeletion", "ALLOWED");
            changed.put("onClientDelete", "END_OF_PAID_PERIOD");
            changed.put("noSuspendOnWeekends", true);
            api.ok(api.exchange(admin, HttpMethod.PUT, "/api/v1/product-types/vds", formOf(changed)));
            return settings;
        }

        void restore() {
            api.ok(api.exchange(admin, HttpMethod.PUT, "/api/v1/product-types/vds", formOf(before)));
        }

        private static JsonNode formOf(JsonNode view) {
            var form = (ObjectNode) view.deepCopy();
            form.retain("code", "name", "trialPolicy", "splitExpensesByMonth", "noSuspendOnWeekends",
                    "autoDeletionDays", "clientDeletion", "onClientDelete", "orderPeriods", "resources",
                    "parameters");
            return form;
        }
    }
}
