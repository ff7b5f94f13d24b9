package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;
import com.hostflow.support.WhileHolding;

/**
 * An admin changes a tariff's terms at the moment a client puts a service on them (an order for a period, a
 * parameter change to an add-on value). The change is refused (409) while a live service would be left without a
 * price for its next period; it used to be accepted when that service was being written at the same moment, because
 * the check did not see it yet, and the service then had a period or an add-on value its tariff no longer sold (its
 * prolongation could not price it). Each test holds one side's transaction open until the other waits on the
 * tariff's row lock (or has answered), then commits it: the two must take turns.
 */
@IntegrationTest
class TariffChangeRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ServiceOrders orders;
    @Autowired
    ServiceParameterChanges parameterChanges;
    @Autowired
    TariffService tariffs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    Client client;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        // a day's price beside the month's, and RAM up to 4 GiB
        assertThat(putTariff(Map.of("MONTH", "10.00", "DAY", "0.50"), 4096).getStatusCode().value()).isEqualTo(200);
        client = vps.client("terms", 3);
    }

    @AfterEach
    void servicesSettle() {
        // a VMmanager task of ten minutes a test left (a change the module took just as the test cancelled it) is
        // finished: the sync its late answer starts (SyncAfterLostAnswer) would wait for it
        jdbc.queryForList("select id from hostflow.service where tariff_id = ?", Long.class, vps.tariffId)
                .forEach(id -> Awaitility.await("the processes of service " + id + " to end")
                        .atMost(Duration.ofSeconds(60)).until(() -> {
                            simulator.finishRunningTasks();
                            vps.runTimers(id);
                            return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(id))
                                    .count() == 0;
                        }));
    }

    @Test
    void takingAwayThePriceOfAPeriodWhileAnOrderForItIsPlacedAnswers409() throws Exception {
        ResponseEntity<String> change = whileHolding(
                () -> orders.placeOrder(new OrderCommand(client.id(), vps.tariffId, Period.DAY, Map.of(),
                        Map.of("os", "debian-12"))),
                () -> putTariff(Map.of("MONTH", "10.00"), 4096));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(409);
        assertThat(change.getBody()).contains("without a price for their next period", "DAY would have no price");
        assertThat(prices()).containsKey("DAY");
    }

    @Test
    void anOrderWhileThePriceOfItsPeriodIsTakenAwayAnswers400AndMakesNoService() throws Exception {
        ResponseEntity<String> order = whileHolding(
                () -> tariffs.update(vps.tariffId, form(Map.of("MONTH", "10.00"), 4096), IfMatch.ANY),
                () -> vps.as(client.email()).postForEntity("/api/v1/orders", Map.of("clientId", client.id(),
                        "tariffId", vps.tariffId, "period", "DAY", "params", Map.of("os", "debian-12")),
                        String.class));

        assertThat(order.getStatusCode().value()).as(order.getBody()).isEqualTo(400);
        assertThat(order.getBody()).contains("\"field\":\"period\"", "no price for DAY");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where tariff_id = ?", Long.class,
                vps.tariffId)).isZero();
    }

    @Test
    void loweringAnAddOnsMaximumWhileAServiceIsChangedAboveItAnswers409() throws Exception {
        long serviceId = vps.activeVps(client).get("id").asLong();

        ResponseEntity<String> change = whileHolding(
                () -> parameterChanges.requestChange(serviceId, Map.of("ram", 4096L)),
                () -> putTariff(Map.of("MONTH", "10.00", "DAY", "0.50"), 2048));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(409);
        assertThat(change.getBody()).contains("service " + serviceId, "addons.ram");
        assertThat(tariff().get("addons").get(0).get("max").asLong()).isEqualTo(4096);
    }

    @Test
    void aParameterChangeWhileTheAddOnsMaximumIsLoweredBelowItAnswers400() throws Exception {
        long serviceId = vps.activeVps(client).get("id").asLong();

        ResponseEntity<String> change = whileHolding(
                () -> tariffs.update(vps.tariffId, form(Map.of("MONTH", "10.00", "DAY", "0.50"), 2048), IfMatch.ANY),
                () -> vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId + "/parameters",
                        Map.of("addons", Map.of("ram", 4096)), String.class));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(400);
        assertThat(change.getBody()).contains("addons.ram", "must be between 1024 and 2048");
        assertThat(jdbc.queryForObject("select addons from hostflow.service where id = ?", String.class, serviceId))
                .contains("1024").doesNotContain("4096");
    }

    @Test
    void raisingAnAddOnsMinimumAboveWhatAParameterChangeWaitingForItsModuleMayGoBackToAnswers409() {
        long serviceId = vps.activeVps(client).get("id").asLong();
        // VMmanager takes ten minutes: the change from 1024 to 4096 waits for it, and goes back to 1024 if it fails
        simulator.control(new SimulatorControl(0.0, 600_000, false));
        try {
            ResponseEntity<String> asked = vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId
                    + "/parameters", Map.of("addons", Map.of("ram", 4096)), String.class);
            assertThat(asked.getStatusCode().value()).as(asked.getBody()).isEqualTo(202);

            ResponseEntity<String> change = putTariff(Map.of("MONTH", "10.00", "DAY", "0.50"), 2048, 4096);

            assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(409);
            assertThat(change.getBody()).contains("service " + serviceId, "addons.ram must be between 2048 and 4096");
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            // cancelled, the change is undone by its end listener; a poll of the module may be at work meanwhile
            Awaitility.await("the change cancelled").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                        .rootProcessInstances().list().forEach(instance -> runtime.deleteProcessInstance(
                                instance.getId(), "test over", true, true));
                return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                        .count() == 0;
            });
        }
    }

    private ResponseEntity<String> whileHolding(Runnable first, Supplier<ResponseEntity<String>> second)
            throws Exception {
        return new WhileHolding(transactions, jdbc).run(first, second);
    }

    private JsonNode tariff() {
        return vps.admin().getForObject("/api/v1/tariffs/" + vps.tariffId, JsonNode.class);
    }

    private Map<String, Object> prices() {
        return new ObjectMapper().convertValue(tariff().get("prices"), Map.class);
    }

    private ResponseEntity<String> putTariff(Map<String, String> prices, long ramMax) {
        return putTariff(prices, 1024, ramMax);
    }

    private ResponseEntity<String> putTariff(Map<String, String> prices, long ramMin, long ramMax) {
        return vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.PUT,
                new HttpEntity<>(formMap(prices, ramMin, ramMax)), String.class);
    }

    private TariffForm form(Map<String, String> prices, long ramMax) {
        return new ObjectMapper().findAndRegisterModules().convertValue(formMap(prices, 1024, ramMax),
                TariffForm.class);
    }

    private Map<String, Object> formMap(Map<String, String> prices, long ramMin, long ramMax) {
        // what is included is never below the minimum
        return vps.tariffForm(prices, Map.of("resource", "ram", "included", ramMin, "min", ramMin, "max", ramMax,
                "step", 1024, "prices", Map.of("MONTH", "2.00", "DAY", "0.10")));
    }
}
