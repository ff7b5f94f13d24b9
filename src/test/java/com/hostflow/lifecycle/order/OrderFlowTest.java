package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingCalendar;
import com.hostflow.catalog.Department;
import com.hostflow.catalog.DepartmentRepository;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.catalog.ProductType;
import com.hostflow.catalog.ProductTypeRepository;
import com.hostflow.catalog.Provider;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.catalog.TariffAddon;
import com.hostflow.catalog.TariffPlan;
import com.hostflow.catalog.TariffPlanRepository;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * Orders through the REST API with the real processes, the real billing and the manual module: the department's
 * task in Tasklist is what opens the service.
 */
@IsolatedIntegrationTest
class OrderFlowTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ProviderRepository providers;

    @Autowired
    DepartmentRepository departments;

    @Autowired
    ProductTypeRepository productTypes;

    @Autowired
    ProcessingModuleRepository modules;

    @Autowired
    TariffPlanRepository tariffs;

    @Autowired
    ServiceOrderRepository orders;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    Clock clock;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    ServiceOrders serviceOrders;

    @Autowired
    com.hostflow.common.time.ClockControl clockControl;

    String departmentKey;
    long providerId;
    long tariffId;

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    @BeforeEach
    void manualTariff() {
        String unique = Long.toString(System.nanoTime(), 36);
        departmentKey = "ops-" + unique;
        transactions.executeWithoutResult(tx -> {
            Provider provider = providers.save(new Provider("Provider " + unique, "EUR"));
            Department department = departments.save(new Department(departmentKey, "Ops " + unique));
            ProductType vds = productTypes.findAll().stream().filter(p -> p.getCode().equals("vds")).findFirst()
                    .orElseThrow();
            ProcessingModule module = new ProcessingModule(vds, "manual", "By hand " + unique);
            module.setDepartment(department);
            modules.save(module);
            TariffPlan tariff = new TariffPlan(vds, provider, "VPS-2 " + unique);
            tariff.setActive(true);
            tariff.setTemplate("vps-2");
            tariff.setDefaultDomainTemplate("vps{serviceId}.example.net");
            tariff.setProcessingModules(Set.of(module));
            tariff.setPrices(Map.of(Period.MONTH, new BigDecimal("10.00")));
            tariff.replaceAddons(List.of(new TariffAddon("ram", 2048, 1024, 16384, 1024,
                    Map.of(Period.MONTH, new BigDecimal("2.00")))));
            tariffs.save(tariff);
            providerId = provider.getId();
            tariffId = tariff.getId();
        });
    }

    private long newClient() {
        String email = "c" + System.nanoTime() + "@example.com";
        JsonNode client = admin().postForObject("/api/v1/clients", Map.of("email", email, "name", "Client " + email,
                "phone", "+10000000000", "providerId", providerId), JsonNode.class);
        return client.get("id").asLong();
    }

    private void pay(long clientId, String amount) {
        ResponseEntity<JsonNode> payment = admin().postForEntity("/api/v1/payments", Map.of("clientId", clientId,
                "amount", amount, "externalId", "bank-" + System.nanoTime()), JsonNode.class);
        assertThat(payment.getStatusCode().is2xxSuccessful()).as(payment.toString()).isTrue();
    }

    private ResponseEntity<JsonNode> order(long clientId, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("clientId", clientId, "tariffId", tariffId,
                "period", "MONTH", "addons", Map.of("ram", 4096), "params", Map.of("os", "ubuntu-24.04")));
        body.putAll(extra);
        return admin().postForEntity("/api/v1/orders", body, JsonNode.class);
    }

    private static <T> T await(String what, Supplier<T> probe) {
        AtomicReference<T> found = new AtomicReference<>();
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    found.set(probe.get());
                    return found.get() != null;
                });
        return found.get();
    }

    private Task manualTask(long serviceId) {
        return await("the department's task", () -> tasks.createTaskQuery()
                .processInstanceBusinessKey(Long.toString(serviceId))
                .taskDefinitionKey(ModuleOperationProcess.TASK_DO_MANUAL_WORK).singleResult());
    }

    private JsonNode awaitStatus(long serviceId, String status) {
        return await("the service to be " + status,
                () -> status.equals(service(serviceId).get("status").asText()) ? service(serviceId) : null);
    }

    private JsonNode service(long serviceId) {
        return admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
    }

    @Test
    void paidFromTheBalanceAndOpenedByTheDepartment() {
        long clientId = newClient();
        pay(clientId, "30.00");

        ResponseEntity<JsonNode> placed = order(clientId, Map.of());

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // absolute: a client follows it as it is (a relative one could not be fetched without a base)
        assertThat(placed.getHeaders().getLocation()).hasScheme("http");
        assertThat(admin().getForObject(placed.getHeaders().getLocation(), JsonNode.class).get("orderId").asLong())
                .isEqualTo(placed.getBody().get("orderId").asLong());
        assertThat(placed.getBody().get("amount").asText()).isEqualTo("14.00");
        assertThat(placed.getBody().get("status").asText()).isEqualTo("PAID");
        long serviceId = placed.getBody().get("serviceId").asLong();

        Task task = manualTask(serviceId);
        assertThat(tasks.getIdentityLinksForTask(task.getId()))
                .anyMatch(link -> departmentKey.equals(link.getGroupId()));
        tasks.complete(task.getId(), Map.of("externalId", "vm-" + serviceId, "ipAddresses", "192.0.2.7",
                "comment", "set up by hand"));

        JsonNode active = await("the service to be active",
                () -> "ACTIVE".equals(service(serviceId).get("status").asText()) ? service(serviceId) : null);
        assertThat(active.get("externalId").asText()).isEqualTo("vm-" + serviceId);
        assertThat(active.get("ipAddresses")).extracting(JsonNode::asText).containsExactly("192.0.2.7");
        assertThat(active.get("domain").asText()).isEqualTo("vps" + serviceId + ".example.net");
        assertThat(active.get("addons").get("ram").asLong()).isEqualTo(4096);
        Instant paidUntil = Instant.parse(active.get("paidUntil").asText());
        assertThat(paidUntil).isAfter(clock.instant().plus(27, ChronoUnit.DAYS))
                .isBefore(clock.instant().plus(32, ChronoUnit.DAYS));
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("16.00");
        assertThat(admin().getForObject("/api/v1/orders/" + placed.getBody().get("orderId").asLong(),
                JsonNode.class).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode journal = admin().getForObject("/api/v1/services/" + serviceId + "/journal", JsonNode.class);
        assertThat(journal.get("content")).extracting(e -> e.get("operation").asText() + " " + e.get("outcome").asText())
                .containsExactly("open DONE_BY_HAND", "open MANUAL_WORK", "select COMPLETED");
    }

    @Test
    void aServiceSetUpTwoDaysAfterItsOrderIsPaidForAFullPeriodFromItsActivation() {
        long clientId = newClient();
        pay(clientId, "30.00");
        Instant orderedAt = clock.instant();
        long serviceId = order(clientId, Map.of()).getBody().get("serviceId").asLong();
        Task task = manualTask(serviceId);

        // the department sets it up two days later: the client loses none of the month it paid for
        Instant activatedAt = orderedAt.plus(2, ChronoUnit.DAYS);
        clockControl.moveTo(activatedAt);
        try {
            tasks.complete(task.getId(), Map.of("externalId", "vm-" + serviceId, "ipAddresses", "192.0.2.9"));
            JsonNode active = awaitStatus(serviceId, "ACTIVE");

            LocalDate activationDay = BillingCalendar.day(activatedAt);
            Instant paidUntil = Instant.parse(active.get("paidUntil").asText());
            assertThat(BillingCalendar.day(paidUntil)).isEqualTo(activationDay.plusMonths(1));
            JsonNode expenses = admin().getForObject("/api/v1/clients/" + clientId + "/expenses?serviceId="
                    + serviceId, JsonNode.class);
            assertThat(expenses).extracting(e -> e.get("from").asText()).contains(activationDay.toString())
                    .allSatisfy(from -> assertThat(LocalDate.parse(from)).isAfterOrEqualTo(activationDay));
            assertThat(expenses).extracting(e -> LocalDate.parse(e.get("to").asText()))
                    .contains(activationDay.plusMonths(1));
            BigDecimal charged = BigDecimal.ZERO;
            for (JsonNode expense : expenses) {
                charged = charged.add(new BigDecimal(expense.get("amount").asText()));
            }
            assertThat(charged).isEqualTo(new BigDecimal("14.00"));
            assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                    .get("balance").asText()).isEqualTo("16.00");
        } finally {
            clockControl.reset();
        }
    }

    @Test
    void anOrderNoModuleCanServeFailsAndIsRefunded() {
        transactions.executeWithoutResult(tx -> tariffs.findById(tariffId).orElseThrow().setProcessingModules(Set.of()));
        long clientId = newClient();
        pay(clientId, "30.00");

        ResponseEntity<JsonNode> placed = order(clientId, Map.of());
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long serviceId = placed.getBody().get("serviceId").asLong();

        awaitStatus(serviceId, "FAILED");
        await("the order's process to end", () -> runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0 ? true : null);
        assertThat(admin().getForObject("/api/v1/orders/" + placed.getBody().get("orderId").asLong(),
                JsonNode.class).get("status").asText()).isEqualTo("FAILED");
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("30.00");
        assertThat(runtime.createIncidentQuery().list()).noneMatch(incident -> history
                .createHistoricProcessInstanceQuery().processInstanceId(incident.getProcessInstanceId())
                .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0);
    }

    @Test
    void waitsForAPaymentThenOpens() {
        long clientId = newClient();

        ResponseEntity<JsonNode> placed = order(clientId, Map.of());

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(placed.getBody().get("status").asText()).isEqualTo("AWAITING_PAYMENT");
        long orderId = placed.getBody().get("orderId").asLong();
        long serviceId = placed.getBody().get("serviceId").asLong();
        assertThat(service(serviceId).get("status").asText()).isEqualTo("ORDERED");
        // the order waits until its deadline (hostflow.orders.unpaid-order-days, 3), set because it stayed unpaid
        String waiting = runtime.createProcessInstanceQuery().processDefinitionKey(ServiceOrderProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getId();
        Instant createdAt = orders.findById(orderId).orElseThrow().getCreatedAt();
        assertThat(((Date) runtime.getVariable(waiting, ServiceOrderProcess.PAY_BEFORE)).toInstant())
                .isEqualTo(createdAt.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS));

        pay(clientId, "10.00");
        assertThat(admin().getForObject("/api/v1/orders/" + orderId, JsonNode.class).get("status").asText())
                .as("10.00 do not cover 14.00").isEqualTo("AWAITING_PAYMENT");
        pay(clientId, "5.00");

        manualTask(serviceId);
        assertThat(admin().getForObject("/api/v1/orders/" + orderId, JsonNode.class).get("status").asText())
                .isEqualTo("PAID");
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("1.00");
    }

    @Test
    void ofTwelveTrialOrdersOneClientPlacesAtOnceOneIsTakenByTheTrialPolicy() throws Exception {
        transactions.executeWithoutResult(tx -> tariffs.findById(tariffId).orElseThrow().setTrialDays(7));
        long clientId = newClient();

        List<ResponseEntity<JsonNode>> answers = AtOnce.run(12,
                () -> order(clientId, Map.of("period", "TRIAL", "addons", Map.of())));

        // the product type allows one trial per client (ONE_PER_PRODUCT_TYPE): one order, eleven refusals
        assertThat(answers).filteredOn(a -> a.getStatusCode() == HttpStatus.CREATED).hasSize(1);
        assertThat(answers).filteredOn(a -> a.getStatusCode() != HttpStatus.CREATED).hasSize(11)
                .allSatisfy(refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
                    assertThat(refused.getBody().get("code").asText()).isEqualTo("TRIAL_USED");
                });
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where client_id = ? and trial",
                Long.class, clientId)).isEqualTo(1);
        // and one later is refused too
        assertThat(order(clientId, Map.of("period", "TRIAL", "addons", Map.of())).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** A trial that failed to be set up never ran: the client may try again (it was TRIAL_USED for good). */
    @Test
    void aTrialThatFailedToBeSetUpDoesNotUseUpTheClientsTrial() {
        Set<ProcessingModule> modulesOfTheTariff = transactions.execute(tx -> {
            TariffPlan tariff = tariffs.findById(tariffId).orElseThrow();
            tariff.setTrialDays(7);
            Set<ProcessingModule> kept = Set.copyOf(tariff.getProcessingModules());
            tariff.setProcessingModules(Set.of());
            return kept;
        });
        long clientId = newClient();
        ResponseEntity<JsonNode> failing = order(clientId, Map.of("period", "TRIAL", "addons", Map.of()));
        assertThat(failing.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        awaitStatus(failing.getBody().get("serviceId").asLong(), "FAILED");

        transactions.executeWithoutResult(tx -> tariffs.findById(tariffId).orElseThrow()
                .setProcessingModules(modulesOfTheTariff));
        ResponseEntity<JsonNode> again = order(clientId, Map.of("period", "TRIAL", "addons", Map.of()));

        assertThat(again.getStatusCode()).as("%s", again.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(order(clientId, Map.of("period", "TRIAL", "addons", Map.of())).getBody().get("code").asText())
                .as("a trial being set up counts").isEqualTo("TRIAL_USED");
    }

    @Test
    void textPostgreSqlCannotStoreIsRefusedBeforeAnythingIsOrderedWhateverWayItCame() {
        long clientId = newClient();
        pay(clientId, "30.00");

        // not through the REST API (its JSON reader refuses such text first), as a page's form would send it
        for (String os : List.of("ubuntu\u0000-24.04", "ubuntu-\ud800")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> serviceOrders.placeOrder(
                    new ServiceOrders.OrderCommand(clientId, tariffId, Period.MONTH, Map.of("ram", 4096L),
                            Map.of("os", os))))
                    .isInstanceOfSatisfying(com.hostflow.common.web.InvalidInputException.class,
                            refused -> assertThat(refused.errors()).extracting(e -> e.field())
                                    .containsExactly("params.os"));
        }
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where client_id = ?", Long.class,
                clientId)).isZero();
    }

    @Test
    void namesEveryBadField() {
        long clientId = newClient();

        ResponseEntity<JsonNode> response = order(clientId, Map.of("addons", Map.of("ram", 5000),
                "params", Map.of("colour", "red")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors")).extracting(e -> e.get("field").asText())
                .contains("addons.ram", "params.os", "params.colour");
    }

    /** A 10,000-character os was accepted, paid for, and then failed in the module with a refund. */
    @Test
    void aParameterValueLongerThan255CharactersIsABadFieldAndOrdersNothing() {
        long clientId = newClient();

        ResponseEntity<JsonNode> refused = admin().postForEntity("/api/v1/orders", Map.of("clientId", clientId,
                "tariffId", tariffId, "period", "MONTH", "params", Map.of("os", "u".repeat(256))), JsonNode.class);

        assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("params.os");
        assertThat(admin().getForObject("/api/v1/services?clientId=" + clientId, JsonNode.class)
                .get("content")).isEmpty();
    }

    /** A domain with HTML, a space or an IP address was paid for and handed to the module as the host's name. */
    @Test
    void aDomainThatNamesNoHostIsABadFieldAndOrdersNothing() {
        long clientId = newClient();

        for (String domain : List.of("<b>vps</b>.example.net", "my vps.example.net", "10.0.0.1", "-vps.example.net",
                "vps-.example.net", "localhost", "vps..example.net", "vps.example.net.", "v\u00e9ps.example.net",
                "a".repeat(64) + ".example.net", ("a".repeat(60) + ".").repeat(4) + "example.net")) {
            ResponseEntity<JsonNode> refused = order(clientId, Map.of("params", Map.of("os", "ubuntu-24.04",
                    "domain", domain)));

            assertThat(refused.getStatusCode()).as(domain).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().get("errors").findValuesAsText("field")).as(domain)
                    .containsExactly("params.domain");
        }
        assertThat(admin().getForObject("/api/v1/services?clientId=" + clientId, JsonNode.class)
                .get("content")).isEmpty();

        ResponseEntity<JsonNode> accepted = order(clientId, Map.of("params", Map.of("os", "ubuntu-24.04",
                "domain", "Vps-7.xn--e1afmkfd.example.net")));
        assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.CREATED);
        // unpaid: cancelled, not left waiting
        admin().delete("/api/v1/services/" + accepted.getBody().get("serviceId").asLong());
    }

    /**
     * A blank optional parameter is not given: {@code "domain": ""} stood in the service's params while its domain
     * column had null. A blank required one stays a 400 naming it; under one Idempotency-Key the order without the
     * blank value is the same order.
     */
    @Test
    void aBlankOptionalParameterIsNotGivenAndABlankRequiredOneIsRefused() {
        long clientId = newClient();
        for (String blank : List.of("", "   ")) {
            ResponseEntity<JsonNode> placed = order(clientId, Map.of("params", Map.of("os", "ubuntu-24.04",
                    "domain", blank)));

            assertThat(placed.getStatusCode()).as("%s", placed.getBody()).isEqualTo(HttpStatus.CREATED);
            long serviceId = placed.getBody().get("serviceId").asLong();
            JsonNode params = service(serviceId).get("params");
            assertThat(params.has("domain")).as("'%s' in %s", blank, params).isFalse();
            assertThat(params.get("os").asText()).isEqualTo("ubuntu-24.04");
            admin().delete("/api/v1/services/" + serviceId);

            ResponseEntity<JsonNode> refused = order(clientId, Map.of("params", Map.of("os", blank)));
            assertThat(refused.getStatusCode()).as("'%s'", blank).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("params.os");
        }
        HttpHeaders keyed = new HttpHeaders();
        keyed.set("Idempotency-Key", "blank-" + clientId);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("clientId", clientId, "tariffId", tariffId,
                "period", "MONTH", "params", Map.of("os", "ubuntu-24.04", "domain", " ")));
        ResponseEntity<JsonNode> first = admin().postForEntity("/api/v1/orders", new HttpEntity<>(body, keyed),
                JsonNode.class);
        body.put("params", Map.of("os", "ubuntu-24.04"));
        ResponseEntity<JsonNode> again = admin().postForEntity("/api/v1/orders", new HttpEntity<>(body, keyed),
                JsonNode.class);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).as("%s", again.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().get("orderId")).isEqualTo(first.getBody().get("orderId"));
        admin().delete("/api/v1/services/" + first.getBody().get("serviceId").asLong());
    }

    /** "abc" as the os was accepted, paid for, failed in the module (which installs no such image) and refunded. */
    @Test
    void aValueTheParameterDoesNotOfferIsABadFieldAndOrdersNothing() {
        long imagesTariff = tariffWhoseOsOffers(List.of("ubuntu-24.04", "debian-12"));
        long clientId = newClient();
        pay(clientId, "50.00");

        for (String os : List.of("abc", "Ubuntu-24.04", "debian-12 ", "")) {
            ResponseEntity<JsonNode> refused = admin().postForEntity("/api/v1/orders", Map.of("clientId", clientId,
                    "tariffId", imagesTariff, "period", "MONTH", "params", Map.of("os", os)), JsonNode.class);

            assertThat(refused.getStatusCode()).as(os).isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode error = refused.getBody().get("errors").get(0);
            assertThat(refused.getBody().get("errors")).as(os).hasSize(1);
            assertThat(error.get("field").asText()).isEqualTo("params.os");
            assertThat(error.get("message").asText()).isEqualTo(os.isEmpty() ? "is required"
                    : "must be one of ubuntu-24.04, debian-12");
        }
        assertThat(admin().getForObject("/api/v1/services?clientId=" + clientId, JsonNode.class)
                .get("content")).isEmpty();
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("50.00");

        ResponseEntity<JsonNode> accepted = admin().postForEntity("/api/v1/orders", Map.of("clientId", clientId,
                "tariffId", imagesTariff, "period", "MONTH", "params", Map.of("os", "debian-12")), JsonNode.class);
        assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("40.00");
        long serviceId = accepted.getBody().get("serviceId").asLong();
        tasks.complete(manualTask(serviceId).getId(), Map.of("externalId", "vm-" + serviceId, "ipAddresses",
                "192.0.2.8", "comment", "set up by hand"));
        assertThat(awaitStatus(serviceId, "ACTIVE").get("params").get("os").asText()).isEqualTo("debian-12");

        // the image withdrawn: the next order is refused at once (the node's catalog snapshot follows the change)
        transactions.executeWithoutResult(tx -> tariffs.findById(imagesTariff).orElseThrow().getProductType()
                .setParameters(List.of(new ProductType.Parameter("os", "Operating system", true,
                        List.of("ubuntu-24.04")))));
        ResponseEntity<JsonNode> withdrawn = admin().postForEntity("/api/v1/orders", Map.of("clientId", clientId,
                "tariffId", imagesTariff, "period", "MONTH", "params", Map.of("os", "debian-12")), JsonNode.class);
        assertThat(withdrawn.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withdrawn.getBody().get("errors").findValuesAsText("message"))
                .containsExactly("must be one of ubuntu-24.04");
    }

    /** A tariff of a product type of its own, whose required os parameter offers the given choices. */
    private long tariffWhoseOsOffers(List<String> images) {
        String unique = Long.toString(System.nanoTime(), 36);
        return transactions.execute(tx -> {
            ProductType type = new ProductType("images-" + unique, "Images " + unique);
            type.setOrderPeriods(EnumSet.of(Period.MONTH));
            type.setParameters(List.of(new ProductType.Parameter("os", "Operating system", true, images)));
            productTypes.save(type);
            ProcessingModule module = new ProcessingModule(type, "manual", "By hand " + unique);
            module.setDepartment(departments.findByKey(departmentKey).orElseThrow());
            modules.save(module);
            TariffPlan tariff = new TariffPlan(type, providers.findById(providerId).orElseThrow(), "Img " + unique);
            tariff.setActive(true);
            tariff.setProcessingModules(Set.of(module));
            tariff.setPrices(Map.of(Period.MONTH, new BigDecimal("10.00")));
            return tariffs.save(tariff).getId();
        });
    }

    @Test
    void aNullAddonOrParamValueIsABadFieldAndOrdersNothing() {
        long clientId = newClient();
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        // as text: the test's JSON mapper would leave the nulls out
        String order = "{\"clientId\":" + clientId + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",";

        ResponseEntity<JsonNode> nullParam = admin().postForEntity("/api/v1/orders", new HttpEntity<>(order
                + "\"params\":{\"os\":\"ubuntu-24.04\",\"domain\":null}}", json), JsonNode.class);
        ResponseEntity<JsonNode> nullAddon = admin().postForEntity("/api/v1/orders", new HttpEntity<>(order
                + "\"addons\":{\"ram\":null},\"params\":{\"os\":\"ubuntu-24.04\"}}", json), JsonNode.class);

        assertThat(nullParam.getStatusCode()).as("%s", nullParam.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nullParam.getBody().get("errors").findValuesAsText("field")).containsExactly("params.domain");
        assertThat(nullAddon.getStatusCode()).as("%s", nullAddon.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nullAddon.getBody().get("errors").findValuesAsText("field")).containsExactly("addons.ram");
        assertThat(admin().getForObject("/api/v1/services?clientId=" + clientId, JsonNode.class)
                .get("content")).isEmpty();
    }

    @Test
    void unknownTariffIsABadField() {
        ResponseEntity<JsonNode> response = order(newClient(), Map.of("tariffId", 987654321));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").get(0).get("field").asText()).isEqualTo("tariffId");
    }

    @Test
    void unknownClientIsNotFound() {
        assertThat(order(987654321L, Map.of()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theBillingRunSuspendsAnUnpaidServiceAndAPaymentResumesIt() {
        long clientId = newClient();
        pay(clientId, "14.00");
        long serviceId = order(clientId, Map.of()).getBody().get("serviceId").asLong();
        tasks.complete(manualTask(serviceId).getId(), Map.of("externalId", "vm-" + serviceId));
        Instant paidUntil = Instant.parse(awaitStatus(serviceId, "ACTIVE").get("paidUntil").asText());

        Instant due = paidUntil.plus(1, ChronoUnit.HOURS);
        while (java.util.Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY)
                .contains(due.atZone(java.time.ZoneOffset.UTC).getDayOfWeek())) {
            due = due.plus(1, ChronoUnit.DAYS);
        }
        clockControl.moveTo(due);
        try {
            assertThat(admin().postForEntity("/api/v1/billing/run", null, JsonNode.class).getStatusCode())
                    .isEqualTo(HttpStatus.ACCEPTED);

            tasks.complete(manualTask(serviceId).getId(), Map.of("comment", "stopped the VM"));
            JsonNode suspended = awaitStatus(serviceId, "SUSPENDED");
            assertThat(suspended.get("statusReasons")).extracting(JsonNode::asText).containsExactly("BILLING");

            pay(clientId, "14.00");
            tasks.complete(manualTask(serviceId).getId(), Map.of("comment", "started the VM"));
            JsonNode resumed = awaitStatus(serviceId, "ACTIVE");
            assertThat(resumed.get("statusReasons")).isEmpty();
            assertThat(Instant.parse(resumed.get("paidUntil").asText())).isAfter(due.plus(27, ChronoUnit.DAYS));
            assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                    .get("balance").asText()).isEqualTo("0.00");
            JsonNode processes = admin().getForObject("/api/v1/services/" + serviceId + "/processes",
                    JsonNode.class);
            assertThat(processes).extracting(p -> p.get("processKey").asText()).contains("ServiceOrderProcess",
                    "ServiceProlongationProcess", "ServiceSuspensionProcess", "ServiceResumeProcess",
                    "ModuleOperationProcess");
        } finally {
            clockControl.reset();
        }
    }

    @Test
    void moreRamIsChargedProratedAndAppliedByTheModule() {
        long clientId = newClient();
        pay(clientId, "20.00");
        long serviceId = order(clientId, Map.of()).getBody().get("serviceId").asLong();
        tasks.complete(manualTask(serviceId).getId(), Map.of("externalId", "vm-" + serviceId));
        awaitStatus(serviceId, "ACTIVE");

        ResponseEntity<JsonNode> tooMuch = admin().postForEntity("/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 16384)), JsonNode.class);
        assertThat(tooMuch.getStatusCode()).as("6.00 left cannot pay 12 more steps").isEqualTo(
                HttpStatus.UNPROCESSABLE_ENTITY);
        ResponseEntity<JsonNode> offGrid = admin().postForEntity("/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 5000)), JsonNode.class);
        assertThat(offGrid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(offGrid.getBody().get("errors").get(0).get("field").asText()).isEqualTo("addons.ram");

        ResponseEntity<JsonNode> changed = admin().postForEntity("/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 6144)), JsonNode.class);

        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(admin().getForObject("/api/v1/clients/" + clientId + "/account", JsonNode.class)
                .get("balance").asText()).as("20.00 - 14.00 - a whole period of 2 more steps").isEqualTo("2.00");
        Task setParam = manualTask(serviceId);
        // the service's console page, which staff may read (the API's JSON asked them for HTTP Basic)
        assertThat(setParam.getDescription()).contains("Change the resources", "ram=6144",
                "/console/services/" + serviceId + " · Process in Cockpit (administrators): ");
        tasks.complete(setParam.getId(), Map.of("comment", "RAM added"));
        JsonNode service = await("the change to be applied", () -> tasks.createTaskQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0
                && history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                        .processDefinitionKey("ParameterChangeProcess").finished().count() == 1
                ? service(serviceId) : null);
        assertThat(service.get("addons").get("ram").asLong()).isEqualTo(6144);
        assertThat(service.get("status").asText()).isEqualTo("ACTIVE");
    }
}
