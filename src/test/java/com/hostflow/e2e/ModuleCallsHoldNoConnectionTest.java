package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.e2e.ModuleCallWitness.Call;
import com.hostflow.e2e.ModuleCallWitness.ConnectionsPerThread;
import com.hostflow.e2e.ModuleCallWitness.ModuleCalls;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.TestMailServer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Issue #10: no database transaction, connection or engine command is held while HostFlow calls a module. Real orders
 * (and an admin's connection check and loading of a parameter's choices) go through the API to the VMmanager 6
 * simulator; {@link ModuleCallWitness} records, on the thread of every call of the real adapter, what that thread
 * holds. A context of its own: the pool has only four connections and the worker
 * twelve threads, so a call that held a connection could not run alongside more than three others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hostflow.test.context=module-calls-hold-no-connection",
        // engines are registered JVM-wide by name; "default" belongs to the shared IntegrationTest context
        "camunda.bpm.process-engine-name=modulecallsholdnoconnection",
        "hostflow.workers.threads=12",
        "hostflow.workflow.module-operation.poll-backoff=PT0.2S",
        "hostflow.workflow.module-operation.poll-interval=PT0.5S"})
@ActiveProfiles("test")
@Import({ModuleCallWitness.class, TestMailServer.class})
class ModuleCallsHoldNoConnectionTest {

    private static final Login ADMIN = new Login("demo", "demo");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    ModuleCalls moduleCalls;

    @Autowired
    ConnectionsPerThread connections;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    EndToEndApi api;
    Catalog catalog;

    @BeforeEach
    void catalog() {
        api = new EndToEndApi(http, runtime, management);
        catalog = api.catalog(ADMIN, port, Long.toString(System.nanoTime(), 36), "admin@example.com", "secret");
        moduleCalls.clear();
    }

    @AfterEach
    void quickSimulator() {
        simulator.answerDelayMs(0);
        simulator.control(new SimulatorControl(0.0, 200, false));
    }

    @Test
    void everyModuleCallRunsWithNoTransactionConnectionOrCommandContext() throws Exception {
        List<Long> services = orderAtOnce(3);

        List<Call> calls = callsFor(services);
        assertThat(calls).extracting(Call::method)
                .as("the order's module calls were seen: selection's connection check, open, its polls")
                .contains("checkConnection", "execute OPEN", "poll OPEN");
        assertThat(calls).as("what the calling thread held at each call")
                .allSatisfy(ModuleCallsHoldNoConnectionTest::heldNothing);
    }

    @Test
    void moreCallsRunAtOnceThanThePoolHasConnectionsAndNoneWaitsForOne() throws Exception {
        simulator.answerDelayMs(300);

        List<Long> services = orderAtOnce(12);

        assertThat(moduleCalls.mostAtOnce())
                .as("module calls at one moment, with a pool of %d connections", ModuleCallWitness.POOL_SIZE)
                .isGreaterThanOrEqualTo(5);
        assertThat(connections.timeouts()).as("waits for a connection that timed out").isZero();
        Counter hikariTimeouts = meters.find("hikaricp.connections.timeout").counter();
        assertThat(hikariTimeouts).as("Hikari's timeout counter is registered").isNotNull();
        assertThat(hikariTimeouts.count()).as("Hikari's connection timeouts").isZero();
        assertThat(callsFor(services)).allSatisfy(ModuleCallsHoldNoConnectionTest::heldNothing);
    }

    @Test
    void loadingAParametersChoicesCallsTheModuleWithNoTransactionOrConnection() {
        JsonNode vds = api.ok(api.post(ADMIN, "/api/v1/product-types/vds/load-choices",
                Map.of("parameter", "os", "processingModuleId", catalog.moduleId())));

        assertThat(vds.get("parameters").get(0).get("choices").toString())
                .isEqualTo("[\"ubuntu-24.04\",\"debian-12\",\"almalinux-9\"]");
        List<Call> calls = moduleCalls.calls().stream().filter(call -> call.method().equals("parameterValues os"))
                .toList();
        assertThat(calls).as("the request's call of the module").hasSize(1)
                .allSatisfy(ModuleCallsHoldNoConnectionTest::heldNoTransactionOrConnection);
    }

    /** An admin's "check connection" (API and console) waits for VMmanager's login answer holding nothing either. */
    @Test
    void checkingAModulesConnectionCallsItWithNoTransactionOrConnection() {
        JsonNode check = api.ok(api.post(ADMIN, "/api/v1/processing-modules/" + catalog.moduleId()
                + "/check-connection", Map.of()));

        assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
        List<Call> calls = moduleCalls.calls().stream().filter(call -> call.method().equals("checkConnection")
                && !call.thread().startsWith("external-task-")).toList();
        assertThat(calls).as("the request's call of the module").hasSize(1)
                .allSatisfy(ModuleCallsHoldNoConnectionTest::heldNoTransactionOrConnection);
    }

    /** Orders VPSs from as many threads, one client paying each from its balance, and waits until all are ACTIVE. */
    private List<Long> orderAtOnce(int orders) throws Exception {
        String unique = Long.toString(System.nanoTime(), 36);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), orders * 10 + ".00");
        ExecutorService pool = Executors.newFixedThreadPool(orders);
        List<Long> services = new ArrayList<>();
        try {
            List<Callable<Long>> placing = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                placing.add(() -> api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                        "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))))
                        .get("serviceId").asLong());
            }
            for (Future<Long> placed : pool.invokeAll(placing)) {
                services.add(placed.get());
            }
        } finally {
            pool.shutdown();
        }
        for (long serviceId : services) {
            api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE",
                    service -> "ACTIVE".equals(service.get("status").asText()), Duration.ZERO);
        }
        assertThat(api.balance(ADMIN, client.id())).isEqualTo("0.00");
        return services;
    }

    /** The calls made for these services, and the connection checks (made before a service has a module). */
    private List<Call> callsFor(List<Long> services) {
        List<Call> calls = moduleCalls.calls().stream()
                .filter(call -> call.serviceId() == null || services.contains(call.serviceId())).toList();
        assertThat(calls).as("module calls recorded").isNotEmpty();
        return calls;
    }

    private static void heldNothing(Call call) {
        assertThat(call.thread()).as("%s runs on a worker thread", call).startsWith("external-task-");
        heldNoTransactionOrConnection(call);
    }

    private static void heldNoTransactionOrConnection(Call call) {
        assertThat(call.transactionActive()).as("%s: Spring transaction active", call).isFalse();
        assertThat(call.synchronizationActive()).as("%s: transaction synchronization active", call).isFalse();
        assertThat(call.boundResources()).as("%s: resources bound to the thread", call).isEmpty();
        assertThat(call.commandContext()).as("%s: Camunda command context open", call).isFalse();
        assertThat(call.connectionsHeld()).as("%s: connections the thread holds", call).isZero();
    }
}
