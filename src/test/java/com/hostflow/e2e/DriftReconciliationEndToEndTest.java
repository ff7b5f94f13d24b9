package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ServiceLanes;
import com.hostflow.lifecycle.sync.ServiceSyncProcess;
import com.hostflow.lifecycle.sync.ServiceSyncs;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * Drift reconciliation on the real application: VMs changed in the VMmanager 6 simulator behind HostFlow's back, a
 * ServiceSyncProcess per service (as a round starts them), the real SyncDriftPolicy and ModuleOperationProcess, and
 * what staff and operators see: the drift list, the department's task, the orphan report and the metrics. In the
 * isolated context, because module timers are brought forward by moving the clock and a round syncs every service of
 * the database; every service made here is deleted again, so no later round finds it.
 */
@IsolatedIntegrationTest
class DriftReconciliationEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    ClockControl clock;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    ServiceSyncs syncs;

    @Autowired
    ServiceLanes lanes;

    @Autowired
    TransactionTemplate transaction;

    @LocalServerPort
    int port;

    EndToEndApi api;
    String unique;
    Catalog catalog;
    Client client;
    final List<Long> services = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        unique = Long.toString(System.nanoTime(), 36);
        simulator.control(new SimulatorControl(0.0, 0, false));
        catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        client = api.client(ADMIN, catalog.providerId(), unique);
    }

    @AfterEach
    void deleteTheServicesMadeHere() {
        for (long serviceId : services) {
            api.delete(ADMIN, "/api/v1/services/" + serviceId);
            api.awaitService(ADMIN, ADMIN, serviceId, "deleted",
                    service -> "DELETED".equals(service.get("status").asText()), MODULE_TIMERS);
        }
        clock.reset();
    }

    @Test
    void aVmStoppedBehindHostFlowsBackWhileActiveIsStartedAgain() {
        long serviceId = activeService(2048);
        long host = host(serviceId);
        simulator.stopHostBehindHostFlowsBack(host);
        double repairedBefore = metric("hostflow_sync_drift_repaired_total", "STOPPED_WHILE_ACTIVE");

        String sync = sync(serviceId);

        assertThat(endActivity(sync)).isEqualTo("EndEvent_Reconciled");
        assertThat(simulator.host(host).get("state")).isEqualTo("active");
        assertThat(drifts(serviceId)).singleElement().satisfies(drift -> {
            assertThat(drift.get("kind").asText()).isEqualTo("STOPPED_WHILE_ACTIVE");
            assertThat(drift.get("status").asText()).isEqualTo("REPAIRED");
            assertThat(drift.get("detail").asText()).contains("host " + host, "stopped");
        });
        assertThat(journal(serviceId)).contains("sync COMPLETED", "resume COMPLETED");
        assertThat(metric("hostflow_sync_drift_repaired_total", "STOPPED_WHILE_ACTIVE"))
                .isGreaterThanOrEqualTo(repairedBefore + 1);
        assertThat(metric("hostflow_sync_drift_found_total", "STOPPED_WHILE_ACTIVE")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aVmRunningBehindHostFlowsBackWhileSuspendedIsStoppedAgain() {
        long serviceId = activeService(2048);
        long host = host(serviceId);
        api.ok(api.post(ADMIN, "/api/v1/services/" + serviceId + "/suspend", Map.of("reason", "ABUSE")));
        api.awaitService(ADMIN, ADMIN, serviceId, "suspended",
                service -> "SUSPENDED".equals(service.get("status").asText()), MODULE_TIMERS);
        assertThat(simulator.host(host).get("state")).isEqualTo("stopped");
        simulator.startHostBehindHostFlowsBack(host);

        String sync = sync(serviceId);

        assertThat(endActivity(sync)).isEqualTo("EndEvent_Reconciled");
        assertThat(simulator.host(host).get("state")).isEqualTo("stopped");
        assertThat(drifts(serviceId)).singleElement().satisfies(drift -> {
            assertThat(drift.get("kind").asText()).isEqualTo("RUNNING_WHILE_SUSPENDED");
            assertThat(drift.get("status").asText()).isEqualTo("REPAIRED");
        });
        JsonNode service = api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId));
        assertThat(service.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(service.get("statusReasons")).extracting(JsonNode::asText).containsExactly("ABUSE");
    }

    @Test
    void aVmDeletedBehindHostFlowsBackBecomesATaskForTheModulesDepartmentAndIsNeverMadeAnew() {
        long serviceId = activeService(2048);
        long host = host(serviceId);
        simulator.deleteHostBehindHostFlowsBack(host);
        double handedOverBefore = metric("hostflow_sync_drift_handed_over_total", "GONE");

        String sync = sync(serviceId);

        Task task = tasks.createTaskQuery().processInstanceId(sync).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT);
        assertThat(task.getName()).isEqualTo("Service " + serviceId + ": the VM is gone");
        assertThat(task.getDescription()).contains("Client " + unique, "service " + serviceId, "host " + host,
                "the module has no host " + host);
        assertThat(task.getDueDate()).isNotNull();
        assertThat(tasks.getIdentityLinksForTask(task.getId())).anySatisfy(
                link -> assertThat(link.getGroupId()).isEqualTo(catalog.departmentKey()));
        assertThat(drifts(serviceId)).singleElement().satisfies(drift -> {
            assertThat(drift.get("kind").asText()).isEqualTo("GONE");
            assertThat(drift.get("status").asText()).isEqualTo("HANDED_OVER");
        });
        assertThat(simulator.hostsNamed("hostflow-" + serviceId)).as("never made anew").isEmpty();
        assertThat(metric("hostflow_sync_drift_handed_over_total", "GONE"))
                .isGreaterThanOrEqualTo(handedOverBefore + 1);
        assertThat(takeTurn(serviceId, "probe-" + unique)).as("the task does not hold the service's turn").isTrue();
        releaseTurn("probe-" + unique);

        tasks.complete(task.getId(), Map.of("decision", "leave", "comment", "the client is told"));

        assertThat(endActivity(sync)).isEqualTo("EndEvent_LookedInto");
        assertThat(drifts(serviceId)).singleElement().satisfies(drift -> {
            assertThat(drift.get("resolution").asText()).isEqualTo("LEFT");
            assertThat(drift.get("resolutionComment").asText()).isEqualTo("the client is told");
        });
        assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("status").asText())
                .isEqualTo("ACTIVE");
    }

    /**
     * A sync cancelled in Cockpit before it settled what it found (fifth race probe): the difference it was still
     * repairing is CANCELLED, the one its department task waited on is resolved SYNC_CANCELLED; neither stays open in
     * /sync/drifts for good.
     */
    @Test
    void aSyncCancelledInCockpitLeavesNoDifferenceOpen() {
        long gone = activeService(2048);
        simulator.deleteHostBehindHostFlowsBack(host(gone));
        String handedOver = sync(gone);
        assertThat(tasks.createTaskQuery().processInstanceId(handedOver).count()).isEqualTo(1);

        runtime.deleteProcessInstance(handedOver, "cancelled in Cockpit");

        assertThat(drifts(gone)).singleElement().satisfies(drift -> {
            assertThat(drift.get("status").asText()).isEqualTo("HANDED_OVER");
            assertThat(drift.get("resolution").asText()).isEqualTo("SYNC_CANCELLED");
        });

        long stopped = activeService(2048);
        simulator.stopHostBehindHostFlowsBack(host(stopped));
        simulator.control(new SimulatorControl(0.0, 60_000, false));
        try {
            String repairing = syncs.syncNow(stopped);
            EndToEndApi.await("the repair under way", () -> drifts(stopped).size() == 1
                    && "OPEN".equals(drifts(stopped).get(0).get("status").asText()) ? true : null,
                    () -> api.describe(stopped));
            EndToEndApi.await("the sync cancelled", () -> {
                try {
                    runtime.deleteProcessInstance(repairing, "cancelled in Cockpit");
                    return true;
                } catch (OptimisticLockingException | ProcessEnginePersistenceException lostToAPoll) {
                    // an optimistic lock or a PostgreSQL deadlock with the poll's job: cancel again
                    return null;
                }
            }, () -> api.describe(stopped));
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
        }

        assertThat(drifts(stopped)).singleElement().satisfies(drift -> {
            assertThat(drift.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(drift.get("settledAt").isNull()).isFalse();
        });
        assertThat(api.get(ADMIN, "/api/v1/sync/drifts?status=OPEN&serviceId=" + stopped).body().get("content"))
                .isEmpty();
        assertThat(api.get(ADMIN, "/api/v1/sync/drifts?status=CANCELLED&serviceId=" + stopped).body()
                .get("content")).hasSize(1);
    }

    @Test
    void resourcesBelowWhatIsPaidAreGrownBackAndMoreThanPaidGoesToTheDepartment() {
        long shrunk = activeService(2048);
        long grown = activeService(2048);
        simulator.changeHostBehindHostFlowsBack(host(shrunk), null, 1024L, null);
        simulator.changeHostBehindHostFlowsBack(host(grown), 2L, 4096L, null);

        String shrunkSync = sync(shrunk);
        String grownSync = sync(grown);

        assertThat(endActivity(shrunkSync)).isEqualTo("EndEvent_Reconciled");
        assertThat(simulator.host(host(shrunk)).get("ram_mib")).isEqualTo(2048L);
        assertThat(drifts(shrunk)).singleElement().satisfies(drift -> {
            assertThat(drift.get("kind").asText()).isEqualTo("RESOURCES_CHANGED");
            assertThat(drift.get("detail").asText()).contains("ram 1024 in the module, 2048 paid for");
            assertThat(drift.get("status").asText()).isEqualTo("REPAIRED");
        });
        assertThat(journal(shrunk)).contains("setparam COMPLETED");

        Task task = tasks.createTaskQuery().processInstanceId(grownSync).singleResult();
        assertThat(task).as("more than paid: a person decides").isNotNull();
        assertThat(task.getName()).isEqualTo("Service " + grown + ": the VM's resources differ");
        assertThat(task.getDescription()).contains("cpu 2 in the module, 1 paid for",
                "ram 4096 in the module, 2048 paid for");
        assertThat(simulator.host(host(grown)).get("ram_mib")).as("left as it is").isEqualTo(4096L);
        assertThat(drifts(grown)).singleElement().satisfies(
                drift -> assertThat(drift.get("status").asText()).isEqualTo("HANDED_OVER"));
    }

    @Test
    void aServiceWhoseTurnIsTakenIsSkippedNotBlockedAndSyncedOnceItIsFree() {
        long serviceId = activeService(2048);
        long host = host(serviceId);
        simulator.stopHostBehindHostFlowsBack(host);
        String holder = "holder-" + unique;
        assertThat(takeTurn(serviceId, holder)).isTrue();
        try {
            String skipped = sync(serviceId);

            assertThat(endActivity(skipped)).isEqualTo("EndEvent_ServiceBusy");
            assertThat(simulator.host(host).get("state")).as("not touched").isEqualTo("stopped");
            assertThat(drifts(serviceId)).isEmpty();
            assertThat(journal(serviceId)).doesNotContain("sync");
        } finally {
            releaseTurn(holder);
        }

        String next = sync(serviceId);

        assertThat(endActivity(next)).isEqualTo("EndEvent_Reconciled");
        assertThat(simulator.host(host).get("state")).isEqualTo("active");
    }

    @Test
    void aRoundSyncsTheLiveServicesAndReportsAHostNoServiceOwns() {
        long serviceId = activeService(2048);
        long host = host(serviceId);
        simulator.stopHostBehindHostFlowsBack(host);
        long orphan = simulator.createHostBehindHostFlowsBack("hand-made-" + unique, "nobody's");
        double orphansBefore = metric("hostflow_sync_orphans_found_total", null);

        JsonNode round = api.ok(api.post(ADMIN, "/api/v1/sync/run", null));
        String roundId = round.get("processInstanceId").asText();
        EndToEndApi.await("the round " + roundId, () -> finished(roundId) ? true : null, () -> "running");
        String sync = EndToEndApi.await("the round's sync of service " + serviceId, () -> history
                .createHistoricProcessInstanceQuery().processDefinitionKey(ServiceSyncProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).list().stream().findFirst()
                .map(HistoricProcessInstance::getId).orElse(null), () -> api.describe(serviceId));
        awaitSync(serviceId, sync);

        assertThat(simulator.host(host).get("state")).as("the round's sync repaired it").isEqualTo("active");
        JsonNode report = api.ok(api.get(ADMIN, "/api/v1/sync/orphans"));
        assertThat(report).anySatisfy(row -> {
            assertThat(row.get("externalId").asText()).isEqualTo(Long.toString(orphan));
            assertThat(row.get("name").asText()).isEqualTo("hand-made-" + unique);
            assertThat(row.get("state").asText()).isEqualTo("active");
            assertThat(row.get("madeForServiceId").isNull()).isTrue();
        });
        assertThat(report).noneSatisfy(row -> assertThat(row.get("externalId").asText())
                .isEqualTo(Long.toString(host)));
        assertThat(metric("hostflow_sync_orphans_found_total", null)).isGreaterThanOrEqualTo(orphansBefore + 1);
        assertThat(metric("hostflow_sync_orphans", null)).isGreaterThanOrEqualTo(1);
        simulator.deleteHostBehindHostFlowsBack(orphan);
    }

    /**
     * A slow VMmanager: HostFlow gives its open's first creation up (the read timeout, 15 s), the retry makes the
     * service's host and the open answers done; then VMmanager makes the first creation after all, a host carrying the
     * same name and the open's key. The round deletes that twin as the OrphanHostPolicy says, keeps the host the
     * service runs on, and only reports a host named like the service by hand, with no key or with a key the journal
     * never recorded.
     */
    @Test
    void aSecondVmTheServicesOwnOpenMadeAfterItWasDoneIsDeletedByTheRoundAndHandMadeOnesOnlyReported() {
        long serviceId;
        simulator.holdNextHostCreation();
        try {
            serviceId = order(2048);
            EndToEndApi.await("the open's first creation held", () -> simulator.hostCreationsWaiting() == 1
                    ? true : null, () -> api.describe(serviceId));
            api.awaitService(client.login(), ADMIN, serviceId, "active after the retry",
                    service -> "ACTIVE".equals(service.get("status").asText()), Duration.ofHours(1));
        } finally {
            simulator.releaseHostCreations();
        }
        long host = host(serviceId);
        String openKey = openKey(serviceId);
        String name = "hostflow-" + serviceId;
        long twin = EndToEndApi.await("the creation given up on, made after all", () -> simulator
                .hostsWithComment(openKey).stream().map(h -> ((Number) h.get("id")).longValue())
                .filter(id -> id != host).findFirst().orElse(null), () -> api.describe(serviceId));
        assertThat(journal(serviceId)).as("the open was given up once and retried").contains("open TECHNICAL_FAILURE");
        long withoutKey = simulator.createHostBehindHostFlowsBack(name, "made by hand");
        long withUnknownKey = simulator.createHostBehindHostFlowsBack(name, serviceId + "-open-not-journaled");
        double repairedBefore = metric("hostflow_sync_drift_repaired_total", "TWIN_HOST");

        JsonNode round = api.ok(api.post(ADMIN, "/api/v1/sync/run", null));
        String roundId = round.get("processInstanceId").asText();
        EndToEndApi.await("the round " + roundId, () -> finished(roundId) ? true : null, () -> "running");

        assertThat(simulator.hostsWithComment(openKey)).as("one host of the service's open: the one it runs on")
                .singleElement().satisfies(kept -> assertThat(kept.get("id")).isEqualTo(host));
        assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("externalId").asLong())
                .isEqualTo(host);
        assertThat(simulator.host(host).get("state")).isEqualTo("active");
        assertThat(simulator.hostsNamed(name)).extracting(h -> ((Number) h.get("id")).longValue())
                .containsExactlyInAnyOrder(host, withoutKey, withUnknownKey);
        JsonNode report = api.ok(api.get(ADMIN, "/api/v1/sync/orphans"));
        assertThat(report).noneSatisfy(row -> assertThat(row.get("externalId").asText())
                .isEqualTo(Long.toString(twin)));
        for (long handMade : List.of(withoutKey, withUnknownKey)) {
            assertThat(report).as("reported only: " + handMade).anySatisfy(row -> {
                assertThat(row.get("externalId").asText()).isEqualTo(Long.toString(handMade));
                assertThat(row.get("madeForServiceId").asLong()).isEqualTo(serviceId);
                assertThat(row.get("action").asText()).isEqualTo("REPORT");
            });
        }
        assertThat(drifts(serviceId)).anySatisfy(drift -> {
            assertThat(drift.get("kind").asText()).isEqualTo("TWIN_HOST");
            assertThat(drift.get("status").asText()).isEqualTo("REPAIRED");
            assertThat(drift.get("detail").asText()).contains("deleted host " + twin).contains("keeps host " + host);
            assertThat(drift.get("processInstanceId").asText()).isEqualTo(roundId);
        });
        assertThat(journal(serviceId)).contains("delete_twin COMPLETED");
        assertThat(metric("hostflow_sync_drift_repaired_total", "TWIN_HOST")).isEqualTo(repairedBefore + 1);
        simulator.deleteHostBehindHostFlowsBack(withoutKey);
        simulator.deleteHostBehindHostFlowsBack(withUnknownKey);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** A service ordered, paid and opened in the simulator with {@code ram} MiB; deleted again after the test. */
    private long activeService(int ram) {
        long serviceId = order(ram);
        api.awaitService(client.login(), ADMIN, serviceId, "active",
                service -> "ACTIVE".equals(service.get("status").asText()), MODULE_TIMERS);
        return serviceId;
    }

    /** The operation key of the service's open, as the journal recorded it. */
    private String openKey(long serviceId) {
        for (JsonNode entry : api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal")).get("content")) {
            if ("open".equals(entry.get("operation").asText())) {
                return entry.get("operationKey").asText();
            }
        }
        throw new AssertionError("no open journaled for service " + serviceId + ": " + journal(serviceId));
    }

    /** A service ordered and paid with {@code ram} MiB, on its way to the simulator; deleted again after the test. */
    private long order(int ram) {
        api.pay(ADMIN, client.id(), "10.00");
        long serviceId = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "addons", Map.of("ram", ram),
                "params", Map.of("os", "debian-12")))).get("serviceId").asLong();
        services.add(serviceId);
        return serviceId;
    }

    private long host(long serviceId) {
        return api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("externalId").asLong();
    }

    /** Starts the service's sync as a round does and waits until it ends or waits for its department. */
    private String sync(long serviceId) {
        String sync = syncs.syncNow(serviceId);
        awaitSync(serviceId, sync);
        return sync;
    }

    private void awaitSync(long serviceId, String sync) {
        EndToEndApi.await("sync " + sync + " of service " + serviceId, () -> {
            if (finished(sync) || !tasks.createTaskQuery().processInstanceId(sync).list().isEmpty()) {
                return true;
            }
            api.bringDueTimerForward(ADMIN, List.of(serviceId), MODULE_TIMERS);
            return null;
        }, () -> api.describe(serviceId));
    }

    private boolean finished(String processInstanceId) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        return instance != null && instance.getEndTime() != null;
    }

    private String endActivity(String processInstanceId) {
        EndToEndApi.await("the end of " + processInstanceId, () -> finished(processInstanceId) ? true : null,
                () -> "running");
        return history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult()
                .getEndActivityId();
    }

    private List<JsonNode> drifts(long serviceId) {
        List<JsonNode> rows = new ArrayList<>();
        api.ok(api.get(ADMIN, "/api/v1/sync/drifts?serviceId=" + serviceId)).get("content").forEach(rows::add);
        return rows;
    }

    private String journal(long serviceId) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode entry : api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal")).get("content")) {
            lines.append(entry.get("operation").asText()).append(' ').append(entry.get("outcome").asText())
                    .append('\n');
        }
        return lines.toString();
    }

    private boolean takeTurn(long serviceId, String holder) {
        return transaction.execute(status -> lanes.take(serviceId, holder));
    }

    private void releaseTurn(String holder) {
        transaction.executeWithoutResult(status -> lanes.release(holder));
    }

    /** A series of /actuator/prometheus, 0 when it is not there; {@code kind} picks a series by its tag. */
    private double metric(String name, String kind) {
        String text = http.withBasicAuth("demo", "demo").getForObject("/actuator/prometheus", String.class);
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(text);
        while (matcher.find()) {
            if (kind == null || matcher.group(1) != null && matcher.group(1).contains("kind=\"" + kind + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
