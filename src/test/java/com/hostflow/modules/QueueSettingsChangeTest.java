package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;

/**
 * An admin gives a module's queue more slots, or lets its operations run without a queue, while an operation holds
 * the only slot for a long VMmanager task and another waits in line. The one in line gets its turn at once; it used
 * to wait until the holder finished or its recheck timer (five minutes) came, as if the change had not been made.
 * VMmanager's tasks take {@link #TASK} here, three times as long as the operation in line is given.
 */
@IntegrationTest
class QueueSettingsChangeTest {

    private static final Duration TASK = Duration.ofSeconds(30);
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    VmManager6Simulator simulator;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    long holder;
    long inLine;

    @BeforeEach
    void oneOperationHoldsTheOnlySlotAndAnotherWaits() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        assertThat(queue(Map.of("runInQueue", true, "queues", 1)).getStatusCode().value()).isEqualTo(200);
        Client client = vps.client("queued", 2);
        simulator.control(new SimulatorControl(0.0, TASK.toMillis(), false));
        holder = vps.order(client);
        Awaitility.await("the first open to hold the slot").atMost(Duration.ofSeconds(30))
                .until(() -> slotHeldBy(holder));
        inLine = vps.order(client);
        Awaitility.await("the second open to wait in line").atMost(Duration.ofSeconds(30))
                .until(() -> waitsForATurn(inLine));
    }

    @AfterEach
    void bothServicesOpen() {
        simulator.control(new SimulatorControl(0.0, 0, false));
        // the holder's long task has shown what it had to: it need not be waited out
        simulator.finishRunningTasks();
        for (long serviceId : List.of(holder, inLine)) {
            vps.awaitService(serviceId, service -> "ACTIVE".equals(service.get("status").asText()));
        }
    }

    @Test
    void moreSlotsGiveTheOperationInLineItsTurnAtOnce() {
        assertThat(queue(Map.of("runInQueue", true, "queues", 2)).getStatusCode().value()).isEqualTo(200);

        Awaitility.await("the operation in line to get its turn").atMost(AT_ONCE)
                .until(() -> slotHeldBy(inLine) && !waitsForATurn(inLine));
        assertThat(slotHeldBy(holder)).isTrue();
    }

    @Test
    void operationsOutOfTheQueueGiveTheOperationInLineItsTurnAtOnce() {
        assertThat(queue(Map.of("runInQueue", false)).getStatusCode().value()).isEqualTo(200);

        Awaitility.await("the operation in line to get its turn").atMost(AT_ONCE)
                .until(() -> !waitsForATurn(inLine) && calledModule(inLine));
    }

    /** Its open holds a running turn of the module's queue. */
    private boolean slotHeldBy(long serviceId) {
        return jdbc.queryForObject("select count(*) from hostflow.module_queue_entry e join hostflow.module_queue q"
                + " on q.id = e.queue_id where q.module_id = ? and q.queue_value <> 'service' and e.running"
                + " and e.operation_key like ?", Long.class, vps.moduleId, serviceId + "-open-%") > 0;
    }

    /** Its open waits at the queue for Msg_TurnGiven. */
    private boolean waitsForATurn(long serviceId) {
        return operations(serviceId).stream().anyMatch(operation -> runtime.createEventSubscriptionQuery()
                .processInstanceId(operation.getId()).eventName(LifecycleEvents.MESSAGE_TURN_GIVEN).count() > 0);
    }

    /** Its open has called VMmanager (journaled before the call). */
    private boolean calledModule(long serviceId) {
        return jdbc.queryForObject("select count(*) from hostflow.service_operation where service_id = ?"
                + " and operation = 'open'", Long.class, serviceId) > 0;
    }

    private List<ProcessInstance> operations(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("ModuleOperationProcess")
                .processInstanceBusinessKey(Long.toString(serviceId)).list();
    }

    private ResponseEntity<JsonNode> queue(Map<String, Object> queue) {
        JsonNode module = vps.admin().getForObject("/api/v1/processing-modules/" + vps.moduleId, JsonNode.class);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", "vds");
        form.put("moduleType", "vmmanager6");
        form.put("name", module.get("name").asText());
        form.put("dataCenterId", vps.dataCenterId);
        form.put("departmentId", module.get("departmentId").asLong());
        form.put("sortOrder", 1);
        form.put("integration", Map.of("url", vps.moduleUrl, "username", "admin@example.com"));
        form.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        form.put("queue", queue);
        return vps.admin().exchange("/api/v1/processing-modules/" + vps.moduleId, HttpMethod.PUT,
                new HttpEntity<>(form), JsonNode.class);
    }
}
