package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * Ten orders at once on a module that runs operations in two queues: VMmanager never has more than two tasks running,
 * every order becomes ACTIVE, and the operations in line were woken by Msg_QueueTurnGiven when a slot freed, never by
 * the recheck timer.
 */
@IntegrationTest
class QueuedModuleEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    VmManager6Simulator simulator;

    @LocalServerPort
    int port;

    @AfterEach
    void defaultSimulator() {
        simulator.control(new SimulatorControl(0.0, 0, false));
    }

    @Test
    void aQueueOfTwoRunsTwoOperationsAtOnceAndWakesTheNextWhenOneEnds() {
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        runInTwoQueues(api, catalog.moduleId());
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "100.00");
        simulator.reset();
        simulator.control(new SimulatorControl(0.0, 400, false));

        List<Long> services = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            services.add(api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                    "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))))
                    .get("serviceId").asLong());
        }
        for (long serviceId : services) {
            api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE",
                    service -> "ACTIVE".equals(service.get("status").asText()), Duration.ZERO);
        }

        assertThat(simulator.maxRunningTasks()).isEqualTo(2);
        List<String> keys = services.stream().map(Object::toString).toList();
        assertThat(history.createHistoricActivityInstanceQuery().activityId("Event_QueueTurnGiven").list())
                .as("operations in line were woken by a freed slot").isNotEmpty();
        assertThat(history.createHistoricActivityInstanceQuery().activityId("Timer_QueueRecheck").list().stream()
                .filter(a -> keys.contains(runtimeBusinessKey(a.getRootProcessInstanceId())))
                .toList()).as("nobody had to check the queue again").isEmpty();
    }

    private String runtimeBusinessKey(String processInstanceId) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getBusinessKey();
    }

    private static void runInTwoQueues(EndToEndApi api, long moduleId) {
        JsonNode module = api.ok(api.get(ADMIN, "/api/v1/processing-modules/" + moduleId));
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", module.get("productType").asText());
        form.put("moduleType", module.get("moduleType").asText());
        form.put("name", module.get("name").asText());
        form.put("dataCenterId", module.get("dataCenterId").asLong());
        form.put("departmentId", module.get("departmentId").asLong());
        form.put("sortOrder", 1);
        form.put("integration", Map.of("url", module.get("integration").get("url").asText(), "username",
                module.get("integration").get("username").asText()));
        form.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        form.put("queue", Map.of("runInQueue", true, "queues", 2, "queueKey", "cluster"));
        api.ok(api.put(ADMIN, "/api/v1/processing-modules/" + moduleId, form));
    }
}
