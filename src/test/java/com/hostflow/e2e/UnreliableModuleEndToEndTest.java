package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * Orders against a VMmanager 6 whose tasks fail 30% of the time: nothing is killed, yet every service ends ACTIVE or
 * with a task for the module's department, and no service ever gets a second VM.
 */
@IsolatedIntegrationTest
class UnreliableModuleEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int SERVICES = 8;
    /** Poll waits, back-offs and "retry later" (1 h) are brought forward by moving the clock. */
    private static final Duration MODULE_TIMERS = Duration.ofHours(2);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    ClockControl clockControl;

    @Autowired
    VmManager6Simulator simulator;

    @LocalServerPort
    int port;

    EndToEndApi api;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
    }

    @AfterEach
    void tearDown() {
        SimulatorAdmin.control(http, Map.of("failRate", 0.0));
        clockControl.reset();
    }

    @Test
    void everyServiceEndsActiveOrWithTheDepartmentAndNoneHasTwoVms() {
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Client client = api.client(ADMIN, catalog.providerId(), unique + "-" + i);
            api.pay(ADMIN, client.id(), "100.00");
            clients.add(client);
        }
        SimulatorAdmin.control(http, Map.of("failRate", 0.3));

        List<Long> serviceIds = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            Client client = clients.get(i % clients.size());
            JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                    "tariffId", catalog.tariffId(), "period", "MONTH", "addons", Map.of("ram", 2048, "cpu", 1,
                            "disk", 20480, "ipv4", 1), "params", Map.of("os", "debian-12"))));
            assertThat(order.get("status").asText()).isEqualTo("PAID");
            serviceIds.add(order.get("serviceId").asLong());
        }

        Map<Long, String> opened = awaitSettled(serviceIds, "ACTIVE", catalog.departmentKey());

        // more module work on the same unreliable VMmanager: an admin suspends, then resumes the active ones
        List<Long> active = serviceIds.stream().filter(id -> "ACTIVE".equals(opened.get(id))).toList();
        for (long id : active) {
            assertThat(api.post(ADMIN, "/api/v1/services/" + id + "/suspend", Map.of("reason", "ADMIN",
                    "comment", "maintenance")).status()).isEqualTo(202);
        }
        Map<Long, String> suspended = awaitSettled(active, "SUSPENDED", catalog.departmentKey());
        List<Long> resumable = active.stream().filter(id -> "SUSPENDED".equals(suspended.get(id))).toList();
        for (long id : resumable) {
            assertThat(api.post(ADMIN, "/api/v1/services/" + id + "/resume", Map.of("reason", "ADMIN")).status())
                    .isEqualTo(202);
        }
        awaitSettled(resumable, "ACTIVE", catalog.departmentKey());

        Map<Long, String> outcome = new LinkedHashMap<>();
        for (long id : serviceIds) {
            String status = api.ok(api.get(ADMIN, "/api/v1/services/" + id)).get("status").asText();
            outcome.put(id, departmentTasks(id, catalog.departmentKey()).isEmpty() ? status : "department task");
        }
        assertThat(outcome).as("every service in the end").hasSize(SERVICES)
                .allSatisfy((id, state) -> assertThat(state).isIn("ACTIVE", "department task"));
        List<String> outcomes = new ArrayList<>();
        for (long id : serviceIds) {
            List<Map<String, Object>> vms = new ArrayList<>();
            openKeys(id).forEach(key -> vms.addAll(simulator.hostsWithComment(key)));
            assertThat(vms).as("VMs of service %s", id).hasSizeLessThanOrEqualTo(1);
            if ("ACTIVE".equals(outcome.get(id))) {
                JsonNode service = api.ok(api.get(ADMIN, "/api/v1/services/" + id));
                assertThat(vms).as("VMs of active service %s", id).hasSize(1);
                assertThat(String.valueOf(vms.get(0).get("id"))).isEqualTo(service.get("externalId").asText());
                assertThat(vms.get(0).get("state")).isEqualTo("active");
            }
            api.ok(api.get(ADMIN, "/api/v1/services/" + id + "/journal?size=200")).get("content")
                    .forEach(e -> outcomes.add(e.get("outcome").asText()));
        }
        assertThat(outcomes).as("the simulator really failed some tasks").contains("TECHNICAL_FAILURE");
    }

    /** Waits until each service has the status with no module operation running, or a task for the department. */
    private Map<Long, String> awaitSettled(List<Long> serviceIds, String status, String departmentKey) {
        return EndToEndApi.await("every service " + status + " or with its department", () -> {
            Map<Long, String> settled = new LinkedHashMap<>();
            for (long id : serviceIds) {
                String current = api.ok(api.get(ADMIN, "/api/v1/services/" + id)).get("status").asText();
                if (!departmentTasks(id, departmentKey).isEmpty()) {
                    settled.put(id, "department task");
                } else if (status.equals(current) && !moduleOperationRunning(id)) {
                    settled.put(id, current);
                }
            }
            if (settled.size() == serviceIds.size()) {
                return settled;
            }
            api.bringDueTimerForward(ADMIN, serviceIds, MODULE_TIMERS);
            return null;
        }, () -> describe(serviceIds));
    }

    private List<Task> departmentTasks(long serviceId, String departmentKey) {
        return tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .taskCandidateGroup(departmentKey).list();
    }

    private boolean moduleOperationRunning(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("ModuleOperationProcess")
                .processInstanceBusinessKey(Long.toString(serviceId)).count() > 0;
    }

    private Set<String> openKeys(long serviceId) {
        Set<String> keys = new LinkedHashSet<>();
        api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal?size=200")).get("content").forEach(e -> {
            if ("open".equals(e.get("operation").asText())) {
                keys.add(e.get("operationKey").asText());
            }
        });
        return keys;
    }

    private String describe(List<Long> serviceIds) {
        StringBuilder text = new StringBuilder();
        for (long id : serviceIds) {
            JsonNode service = api.get(ADMIN, "/api/v1/services/" + id).body();
            JsonNode journal = api.get(ADMIN, "/api/v1/services/" + id + "/journal?size=5").body().get("content");
            text.append("\nservice ").append(id).append(' ').append(service.get("status").asText()).append(' ')
                    .append(api.describe(id)).append(" journal ").append(journal);
        }
        return text.toString();
    }
}
