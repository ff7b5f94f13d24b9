package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * Issue #10: the VMmanager 6 adapter is safe when many opens race. Twenty services of a tariff whose preset VMmanager
 * does not have yet, ordered at once by one client who has no VMmanager account yet: the first open creates the preset
 * and the account, the others adopt them, and no open fails on "already exists". The simulator answers a little slowly,
 * so the opens really meet between looking for the preset (or account) and creating it.
 */
@IntegrationTest
class ConcurrentOpensOfANewTariffTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int ORDERS = 20;

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    VmManager6Simulator simulator;

    @LocalServerPort
    int port;

    private SimulatorControl controlBefore;
    private long answerDelayBefore;

    @BeforeEach
    void slowSimulator() {
        controlBefore = simulator.control();
        answerDelayBefore = simulator.answerDelayMs();
        simulator.control(new SimulatorControl(0.0, 200, false));
        simulator.answerDelayMs(100);
    }

    @AfterEach
    void simulatorAsBefore() {
        simulator.answerDelayMs(answerDelayBefore);
        simulator.control(controlBefore);
    }

    @Test
    void twentyOpensOfANewTariffShareOnePresetAndOneAccountAndNoneFails() throws Exception {
        // the leases this test's tasks take; the shared database may hold an earlier class's, expired with its task
        long leasesBefore = jdbc.queryForObject("select coalesce(max(id), 0) from hostflow.module_queue_entry",
                Long.class);
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        String preset = "new-preset-" + unique;
        long tariffId = newTariff(api, catalog, preset);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), ORDERS * 10 + ".00");
        assertThat(presetsNamed(preset)).as("VMmanager has no preset %s before the orders", preset).isEmpty();

        List<Long> services = orderAtOnce(api, client, tariffId);
        List<String> statuses = new ArrayList<>();
        for (long serviceId : services) {
            statuses.add(api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE or FAILED",
                    service -> List.of("ACTIVE", "FAILED").contains(service.get("status").asText()), Duration.ZERO)
                    .get("status").asText());
        }
        assertThat(statuses).as("statuses of the %d services", ORDERS).containsOnly("ACTIVE");

        assertThat(tasks.createTaskQuery().taskCandidateGroup(catalog.departmentKey()).count())
                .as("department tasks").isZero();
        assertThat(presetsNamed(preset)).as("presets named %s", preset).hasSize(1);
        long presetCpu = presetsNamed(preset).get(0).get("cpu_number").asLong();
        assertThat(presetCpu).as("the preset was made from the tariff's add-ons").isEqualTo(2);
        assertThat(StreamSupport.stream(SimulatorAdmin.list(http, "/vm/v3/account").spliterator(), false)
                .filter(account -> client.login().username().equalsIgnoreCase(account.get("email").asText())))
                .as("VMmanager accounts of the client").hasSize(1);
        List<String> names = services.stream().map(id -> "hostflow-" + id).toList();
        List<Map<String, Object>> hosts = simulator.allHosts().stream()
                .filter(host -> names.contains(String.valueOf(host.get("name")))).toList();
        assertThat(hosts).as("hosts of the %d services", ORDERS).hasSize(ORDERS)
                .allSatisfy(host -> {
                    assertThat(host.get("state")).as("%s", host).isEqualTo("active");
                    assertThat(host.get("cpu_number")).as("%s has the preset's cpu", host).isEqualTo(2L);
                });
        assertThat(hosts.stream().map(host -> host.get("name")).distinct()).hasSize(ORDERS);
        for (long serviceId : services) {
            List<JsonNode> journal = new ArrayList<>();
            api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal")).get("content")
                    .forEach(journal::add);
            assertThat(journal).as("journal of service %d", serviceId)
                    .anySatisfy(entry -> assertThat(entry.get("operation").asText()).isEqualTo("open"))
                    .allSatisfy(entry -> {
                        assertThat(entry.get("outcome").asText()).as("%s", entry)
                                .isNotIn("TECHNICAL_FAILURE", "REJECTED", "FAILED", "STARTED");
                        assertThat(entry.path("message").asText("")).as("%s", entry)
                                .doesNotContainIgnoringCase("already exists");
                    });
        }
        assertThat(api.balance(ADMIN, client.id())).isEqualTo("0.00");
        // a worker gives its task's lease back in the transaction that completes the task: none outlives its task
        assertThat(jdbc.queryForObject("select count(*) from hostflow.module_queue_entry e"
                + " join hostflow.module_queue q on q.id = e.queue_id where q.queue_value = 'external-task'"
                + " and e.id > ? and not exists (select 1 from act_ru_ext_task t where t.id_ = e.operation_key)",
                Long.class, leasesBefore)).as("leases of external tasks that ended").isZero();
    }

    /** A tariff on the catalog's module whose template names a preset VMmanager does not have. */
    private static long newTariff(EndToEndApi api, Catalog catalog, String preset) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", catalog.providerId());
        tariff.put("name", "VPS " + preset);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(catalog.moduleId()));
        tariff.put("template", preset);
        tariff.put("defaultDomainTemplate", "vps{serviceId}.e2e.example.net");
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 2048),
                Map.of("resource", "cpu", "included", 2), Map.of("resource", "disk", "included", 20480),
                Map.of("resource", "ipv4", "included", 1)));
        return api.ok(api.post(ADMIN, "/api/v1/tariffs", tariff)).get("id").asLong();
    }

    /** The orders, placed from as many threads released at the same moment; answers the services' ids. */
    private static List<Long> orderAtOnce(EndToEndApi api, Client client, long tariffId) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Long>> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(() -> {
                go.await();
                return api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                        tariffId, "period", "MONTH", "params", Map.of("os", "debian-12")))).get("serviceId").asLong();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(ORDERS);
        try {
            List<Future<Long>> placed = orders.stream().map(pool::submit).toList();
            go.countDown();
            List<Long> services = new ArrayList<>();
            for (Future<Long> order : placed) {
                services.add(order.get());
            }
            assertThat(services).doesNotHaveDuplicates();
            return services;
        } finally {
            pool.shutdown();
        }
    }

    private List<JsonNode> presetsNamed(String name) {
        List<JsonNode> presets = new ArrayList<>();
        SimulatorAdmin.list(http, "/vm/v3/preset").forEach(preset -> {
            if (name.equals(preset.get("name").asText())) {
                presets.add(preset);
            }
        });
        return presets;
    }
}
