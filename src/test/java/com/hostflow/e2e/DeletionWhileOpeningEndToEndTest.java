package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.HistoryService;
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
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * A client deletes its service while the open waits for the module's department: VMmanager failed every creation
 * (the simulator's {@code _control} failRate 1.0), the retries ran out and Tasklist shows the department "open
 * failed". The deletion ends that task and the open (a Retry there used to create a VM that was closed again right
 * after); the broken VM is closed once, no second VM is made, and the order's money goes back as for a cancelled
 * order.
 */
@IntegrationTest
class DeletionWhileOpeningEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final String STAFF_PASSWORD = "staff-deletion-pass-1";
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    HistoryService history;

    @Autowired
    VmManager6Simulator simulator;

    @LocalServerPort
    int port;

    EndToEndApi api;
    SimulatorControl simulatorBefore;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        simulatorBefore = simulator.control();
    }

    @AfterEach
    void tearDown() {
        simulator.control(simulatorBefore);
    }

    @Test
    void aClientsDeletionEndsTheDepartmentTaskOfItsFailedOpenAndClosesTheVmOnce() {
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalogWithStaff(ADMIN, port, unique, STAFF_PASSWORD);
        Login staff = new Login("staff-" + unique, STAFF_PASSWORD);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");

        SimulatorAdmin.control(http, Map.of("failRate", 1.0));
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        long serviceId = order.get("serviceId").asLong();
        assertThat(api.balance(ADMIN, client.id())).as("the order is paid").isEqualTo("10.00");
        Task task = api.awaitFailedOperationTask(tasks, serviceId, MODULE_TIMERS);
        String openKey = (String) runtime.getVariable(task.getProcessInstanceId(),
                ModuleOperationProcess.OPERATION_KEY);
        assertThat(simulator.hostsWithComment(openKey)).singleElement()
                .satisfies(host -> assertThat(host).containsEntry("state", "create_failed"));
        assertThat(tasklist(staff, serviceId)).as("Tasklist shows the department's task").hasSize(1);
        // VMmanager works again: the close that follows the deletion succeeds
        SimulatorAdmin.control(http, Map.of("failRate", 0.0));

        EndToEndApi.Answer deleted = api.delete(client.login(), "/api/v1/services/" + serviceId);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId)).count())
                .as("the department's task ended with the request").isZero();
        AtomicInteger mostHosts = new AtomicInteger();
        api.awaitService(client.login(), ADMIN, serviceId, "DELETED", s -> {
            mostHosts.accumulateAndGet(simulator.hostsNamed(hostName(serviceId)).size(), Math::max);
            return "DELETED".equals(s.get("status").asText())
                    && runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                            .count() == 0;
        }, MODULE_TIMERS);
        assertThat(tasklist(staff, serviceId)).as("nothing left in Tasklist").isEmpty();
        assertThat(simulator.hostsNamed(hostName(serviceId))).as("the broken VM closed").isEmpty();
        assertThat(mostHosts.get()).as("never a second VM").isLessThanOrEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult().getEndActivityId()).isEqualTo(ModuleOperationProcess.END_WITHDRAWN_AT_DEPARTMENT);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(ModuleOperationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).list())
                .as("the open, then one close").hasSize(2);
        assertThat(api.balance(ADMIN, client.id())).as("the money back, as for a cancelled order").isEqualTo("20.00");
        assertThat(runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
        List<String> openJournal = new ArrayList<>();
        api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal")).get("content").forEach(entry -> {
            if ("open".equals(entry.get("operation").asText())) {
                openJournal.add(entry.get("outcome").asText());
            }
        });
        assertThat(openJournal).as("the journal, newest first, says the open was withdrawn").first()
                .isEqualTo("WITHDRAWN");
    }

    /** The tasks of the service that the staff member sees through the engine's REST API, as Tasklist asks it. */
    private JsonNode tasklist(Login staff, long serviceId) {
        return api.ok(api.get(staff, "/engine-rest/task?processInstanceBusinessKey=" + serviceId));
    }

    private static String hostName(long serviceId) {
        return "hostflow-" + serviceId;
    }
}
