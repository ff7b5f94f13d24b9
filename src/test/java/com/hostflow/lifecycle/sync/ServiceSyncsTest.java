package com.hostflow.lifecycle.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleOutcome.ExternalData;
import com.hostflow.modules.ProcessingModuleAdapter.RemoteHost;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * What the comparison, the claims and the orphan report make of the facts, on the real database: answers recorded as
 * a module's answer would be, compared with a real service opened in the simulator.
 */
@IntegrationTest
class ServiceSyncsTest {

    @Autowired
    ServiceSyncs syncs;

    @Autowired
    SyncAnswers answers;

    @Autowired
    OrphanHosts orphans;

    @Autowired
    CatalogLookup catalog;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    RuntimeService runtime;

    @Autowired
    RepositoryService repository;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    SimulatedVps vps;
    JsonNode service;
    long serviceId;
    String host;

    @BeforeEach
    void anActiveService() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        service = vps.activeVps(vps.client("sync", 2));
        serviceId = service.get("id").asLong();
        host = service.get("externalId").asText();
    }

    @Test
    void aHostThatMatchesTheServiceShowsNoDifference() {
        answer("k1", new ModuleOutcome.Completed(new ExternalData(host, List.of("10.0.0.9"), null,
                Map.of("state", "active", "cpu", "1", "ram", "1024", "disk", "10240", "node", "node1"))));

        assertThat(syncs.compare(serviceId, "k1", "pi-match")).isZero();
        assertThat(drifts("pi-match")).isEmpty();
    }

    /**
     * A change of add-ons asked for while the sync reads the VM waits for the service's turn the sync holds: the
     * service shows the new values already, and the VM rightly has the old ones until the change's own module call.
     * That was a RESOURCES_CHANGED difference ("ram 1024 in the module, 3072 paid for"), repaired by growing the VM
     * ahead of the change (kept when the module then refused the change) or, for a smaller value, a department task
     * (black-box probe, helper-81). The VM is compared with the values before the change; what differs from those
     * still is a difference.
     */
    @Test
    void aParameterChangeWaitingForTheSyncsTurnIsComparedWithTheValuesBeforeIt() {
        transaction.executeWithoutResult(status -> {
            ServiceInstance instance = services.findById(serviceId).orElseThrow();
            Map<String, Long> bigger = new java.util.LinkedHashMap<>(instance.getAddons());
            bigger.put("ram", 3072L);
            instance.startParameterChange(bigger, "param-" + serviceId + "-pending", java.time.Instant.now());
        });
        answer("k-pending", new ModuleOutcome.Completed(new ExternalData(host, List.of("10.0.0.9"), null,
                Map.of("state", "active", "cpu", "1", "ram", "1024", "disk", "10240"))));
        assertThat(syncs.compare(serviceId, "k-pending", "pi-pending")).isZero();

        answer("k-pending-cpu", new ModuleOutcome.Completed(new ExternalData(host, List.of("10.0.0.9"), null,
                Map.of("state", "active", "cpu", "2", "ram", "1024", "disk", "10240"))));
        assertThat(syncs.compare(serviceId, "k-pending-cpu", "pi-pending-cpu")).isEqualTo(1);
        assertThat(drifts("pi-pending-cpu")).singleElement().extracting(ServiceSyncs.Drift::detail)
                .isEqualTo("cpu 2 in the module, 1 paid for");
    }

    @Test
    void aStoppedHostWithLessRamIsTwoDifferencesInTheOrderTheyArePutRight() {
        answer("k2", new ModuleOutcome.Completed(new ExternalData(host, List.of("10.0.0.9"), null,
                Map.of("state", "stopped", "cpu", "1", "ram", "512", "disk", "10240"))));

        assertThat(syncs.compare(serviceId, "k2", "pi-two")).isEqualTo(2);

        assertThat(drifts("pi-two")).extracting(ServiceSyncs.Drift::kind)
                .containsExactly(DriftKind.STOPPED_WHILE_ACTIVE, DriftKind.RESOURCES_CHANGED);
        ServiceSyncs.Next first = syncs.next(serviceId, "pi-two");
        assertThat(first.kind()).isEqualTo(DriftKind.STOPPED_WHILE_ACTIVE);
        assertThat(first.serviceStatus()).isEqualTo("ACTIVE");
        assertThat(first.productType()).isEqualTo("vds");
        syncs.settle(first.driftId(), DriftOutcome.REPAIRED);
        ServiceSyncs.Next second = syncs.next(serviceId, "pi-two");
        assertThat(second.kind()).isEqualTo(DriftKind.RESOURCES_CHANGED);
        assertThat(second.resourcesBelowPaid()).isTrue();
        syncs.settle(second.driftId(), DriftOutcome.HANDED_OVER);
        ServiceSyncs.Next none = syncs.next(serviceId, "pi-two");
        assertThat(none.left()).isFalse();
        assertThat(none.forDepartment()).isEqualTo(1);
        assertThat(syncs.brief(serviceId, "pi-two").text()).contains("ram 512 in the module, 1024 paid for")
                .doesNotContain("stopped");
    }

    @Test
    void moreThanPaidIsNotBelowPaidAndTheIpv4CountIsCompared() {
        answer("k3", new ModuleOutcome.Completed(new ExternalData(host, List.of("10.0.0.9", "10.0.0.10"), null,
                Map.of("state", "active", "cpu", "1", "ram", "1024", "disk", "10240"))));

        assertThat(syncs.compare(serviceId, "k3", "pi-more")).isEqualTo(1);

        assertThat(drifts("pi-more")).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DriftKind.RESOURCES_CHANGED);
            assertThat(drift.detail()).isEqualTo("ipv4 2 in the module, 1 paid for");
        });
        assertThat(syncs.next(serviceId, "pi-more").resourcesBelowPaid()).isFalse();
    }

    @Test
    void aHostInAStateHostFlowCannotReadIsStateUnknownAndItsResourcesTellNothing() {
        answer("k4", new ModuleOutcome.Completed(new ExternalData(host, List.of(), null,
                Map.of("state", "create_failed", "ram", "1"))));

        assertThat(syncs.compare(serviceId, "k4", "pi-unknown")).isEqualTo(1);

        assertThat(drifts("pi-unknown")).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DriftKind.STATE_UNKNOWN);
            assertThat(drift.detail()).contains("create_failed");
        });
    }

    @Test
    void notFoundIsGoneAndAnyOtherRefusalIsAnUnknownState() {
        answer("k5", new ModuleOutcome.Rejected(ModuleOutcome.Rejected.NOT_FOUND, "VMmanager has no host " + host));
        assertThat(syncs.compare(serviceId, "k5", "pi-gone")).isEqualTo(1);
        assertThat(drifts("pi-gone")).extracting(ServiceSyncs.Drift::kind).containsExactly(DriftKind.GONE);

        answer("k6", new ModuleOutcome.Rejected("Err_VmManager", "forbidden"));
        assertThat(syncs.compare(serviceId, "k6", "pi-refused")).isEqualTo(1);
        assertThat(drifts("pi-refused")).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DriftKind.STATE_UNKNOWN);
            assertThat(drift.detail()).contains("Err_VmManager", "forbidden");
        });
    }

    @Test
    void anotherSyncsAnswerIsNeverTakenForThisOne() {
        answer("k7", new ModuleOutcome.Rejected(ModuleOutcome.Rejected.NOT_FOUND, "gone"));

        assertThat(syncs.compare(serviceId, "k8", "pi-other")).isZero();
    }

    @Test
    void oneSyncPerServiceAndTheClaimOfAVanishedSyncIsTakenOver() {
        String deployment = repository.createDeployment().name("sync-claim-probe").addModelInstance(
                "SyncClaimProbe.bpmn", Bpmn.createExecutableProcess("SyncClaimProbe").camundaHistoryTimeToLive(1)
                        .startEvent().userTask("Task_Wait").camundaCandidateGroups("nobody").endEvent().done())
                .deploy().getId();
        try {
            String holder = runtime.startProcessInstanceByKey("SyncClaimProbe").getId();
            assertThat(syncs.claim(serviceId, holder)).isTrue();
            assertThat(syncs.claim(serviceId, holder)).as("a retried step keeps it").isTrue();
            assertThat(syncs.claim(serviceId, "next-round")).as("held by a running sync").isFalse();

            runtime.deleteProcessInstance(holder, "vanished without its listeners", true);
            assertThat(syncs.claim(serviceId, "next-round")).as("taken over").isTrue();
            syncs.releaseClaim("next-round");
            assertThat(syncs.claim(serviceId, "after")).isTrue();
            syncs.releaseClaim("after");
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }

    @Test
    void twoFirstClaimsOfAServiceAtOnceGiveItToOneWithoutAnError() throws Exception {
        String deployment = repository.createDeployment().name("sync-claim-race").addModelInstance(
                "SyncClaimRace.bpmn", Bpmn.createExecutableProcess("SyncClaimRace").camundaHistoryTimeToLive(1)
                        .startEvent().userTask("Task_Wait").camundaCandidateGroups("nobody").endEvent().done())
                .deploy().getId();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            String first = runtime.startProcessInstanceByKey("SyncClaimRace").getId();
            java.util.concurrent.CountDownLatch firstClaimed = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch commitFirst = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<Boolean> firstAnswer = threads.submit(() -> transaction.execute(tx -> {
                boolean claimed = syncs.claim(serviceId, first);
                        firstClaimed.countDown();
                        try {
                            commitFirst.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return claimed;
                    }));
            firstClaimed.await();
            // the second claim finds no row either, and its insert waits for the first's transaction
            java.util.concurrent.Future<Boolean> secondAnswer = threads.submit(() -> syncs.claim(serviceId, "pi-2"));
            Awaitility.await("the second claim waiting for the first").atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type ="
                            + " 'Lock' and query like 'insert into hostflow.service_sync%'", Long.class) == 1);
            commitFirst.countDown();

            assertThat(firstAnswer.get()).isTrue();
            assertThat(secondAnswer.get()).as("held by the first, a running sync").isFalse();
        } finally {
            threads.shutdownNow();
            repository.deleteDeployment(deployment, true);
        }
    }

    @Test
    void theOrphanReportKeepsWhatNoServiceOwnsAndWhenItWasFirstSeen() {
        long moduleId = service.get("processingModuleId").asLong();
        OrphanHosts.Place place = new OrphanHosts.Place(catalog.processingModule(moduleId).orElseThrow(),
                List.of(moduleId));
        long unpaid = vps.order(vps.client("unpaid", 0));
        RemoteHost owned = new RemoteHost(host, "hostflow-" + serviceId, "active", serviceId + "-open-x", serviceId);
        RemoteHost second = new RemoteHost("990001", "hostflow-" + serviceId, "active", serviceId + "-open-y",
                serviceId);
        RemoteHost beingOpened = new RemoteHost("990002", "hostflow-" + unpaid, "creating", null, unpaid);
        RemoteHost byHand = new RemoteHost("990003", "build-box", "stopped", null, null);

        orphans.record(List.of(new OrphanHosts.Listing(place, List.of(owned, second, beingOpened, byHand))));

        List<OrphanHosts.Orphan> first = orphansOf(moduleId);
        assertThat(first).extracting(OrphanHosts.Orphan::externalId).containsExactly("990001", "990003");
        assertThat(first.get(0).madeForService()).as("a second VM of a live service").isEqualTo(serviceId);
        assertThat(first.get(1).madeForService()).isNull();

        orphans.record(List.of(new OrphanHosts.Listing(place, null)));
        assertThat(orphansOf(moduleId)).as("a module that could not be listed keeps its report").hasSize(2);

        orphans.record(List.of(new OrphanHosts.Listing(place, List.of(owned, byHand))));
        List<OrphanHosts.Orphan> later = orphansOf(moduleId);
        assertThat(later).extracting(OrphanHosts.Orphan::externalId).containsExactly("990003");
        assertThat(later.get(0).firstSeen()).isEqualTo(first.get(1).firstSeen());
        orphans.record(List.of(new OrphanHosts.Listing(place, List.of())));
    }

    /**
     * The OrphanHostPolicy on the real report: a second host of this live service carrying the key of the open the
     * journal recorded for it, while the service's own host is listed too, is marked for deletion; a key the journal
     * never recorded, no key, or a listing without the service's own host (the twin may be the only copy left) is
     * only reported. The deletion is journaled, refused while the service's open may still choose its host, and
     * shows as a TWIN_HOST difference, REPAIRED.
     */
    @Test
    void onlyASecondHostTheLiveServicesJournaledOpenMadeIsMarkedForDeletion() {
        long moduleId = service.get("processingModuleId").asLong();
        OrphanHosts.Place place = new OrphanHosts.Place(catalog.processingModule(moduleId).orElseThrow(),
                List.of(moduleId));
        String openKey = jdbc.queryForObject("select min(operation_key) from hostflow.service_operation"
                + " where service_id = ? and operation = 'open'", String.class, serviceId);
        String name = "hostflow-" + serviceId;
        RemoteHost owned = new RemoteHost(host, name, "active", openKey, serviceId);
        RemoteHost twin = new RemoteHost("990011", name, "active", openKey, serviceId);
        RemoteHost unknownKey = new RemoteHost("990012", name, "active", serviceId + "-open-elsewhere", serviceId);
        RemoteHost noKey = new RemoteHost("990013", name, "stopped", null, serviceId);

        orphans.record(List.of(new OrphanHosts.Listing(place, List.of(owned, twin, unknownKey, noKey))));

        assertThat(orphansOf(moduleId)).extracting(OrphanHosts.Orphan::externalId, OrphanHosts.Orphan::action)
                .containsExactly(tuple("990011", "DELETE_TWIN"), tuple("990012", "REPORT"), tuple("990013", "REPORT"));
        assertThat(orphans.twins("pi-round")).filteredOn(t -> t.serviceId() == serviceId).singleElement()
                .satisfies(t -> assertThat(t.host()).isEqualTo(twin));

        orphans.record(List.of(new OrphanHosts.Listing(place, List.of(twin, unknownKey, noKey))));
        assertThat(orphansOf(moduleId)).as("the service's own host not listed").extracting(
                OrphanHosts.Orphan::action).containsOnly("REPORT");

        orphans.record(List.of(new OrphanHosts.Listing(place, List.of(owned, twin, unknownKey, noKey))));
        OrphanHosts.Twin marked = orphans.twins("pi-round").stream().filter(t -> t.serviceId() == serviceId)
                .findFirst().orElseThrow();
        jdbc.update("update hostflow.service set status = 'PROCESSING' where id = ?", serviceId);
        assertThat(orphans.startDeletion(marked, "pi-round")).as("its open may still choose which host to keep")
                .isNull();
        jdbc.update("update hostflow.service set status = 'ACTIVE' where id = ?", serviceId);
        OperationJournal.Attempt failing = orphans.startDeletion(marked, "pi-round");
        assertThat(failing).isNotNull();
        assertThat(orphans.startDeletion(marked, "pi-other-round")).as("a second round at the same time: the row is"
                + " taken").isNull();
        assertThat(orphans.twins("pi-other-round")).as("taken while it is deleted")
                .noneMatch(t -> t.serviceId() == serviceId);
        orphans.deletionFailed(marked, failing, "VMmanager is unreachable");
        assertThat(orphans.twins("pi-other-round")).as("a failed deletion: tried again")
                .anyMatch(t -> t.serviceId() == serviceId);
        // the node dies while the module deletes the host: the claim stays, and the round's task, fetched again once
        // its lock ran out, takes it again (it waited for the next round's report); another round still leaves it
        assertThat(orphans.startDeletion(marked, "pi-round")).isNotNull();
        assertThat(orphans.twins("pi-other-round")).noneMatch(t -> t.serviceId() == serviceId);
        assertThat(orphans.twins("pi-round")).as("the claim the round's crashed run left")
                .anyMatch(t -> t.serviceId() == serviceId);
        OperationJournal.Attempt attempt = orphans.startDeletion(marked, "pi-round");
        assertThat(attempt).isNotNull();
        orphans.deletionDone(marked, attempt, true, "pi-round");

        assertThat(orphansOf(moduleId)).extracting(OrphanHosts.Orphan::externalId).containsExactly("990012", "990013");
        assertThat(drifts("pi-round")).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(DriftKind.TWIN_HOST);
            assertThat(drift.status()).isEqualTo("REPAIRED");
            assertThat(drift.detail()).contains("deleted host 990011").contains("keeps host " + host);
        });
        assertThat(jdbc.queryForList("select outcome from hostflow.service_operation where operation_key = ?"
                + " order by id", String.class, serviceId + "-delete_twin-990011"))
                .as("the crashed attempt stays STARTED").containsExactly("TECHNICAL_FAILURE", "STARTED", "COMPLETED");
        orphans.record(List.of(new OrphanHosts.Listing(place, List.of())));
    }

    @Test
    void theRoundTimerSetsItsNextRoundWhenItFires() {
        Job timer = management.createJobQuery().processDefinitionKey(ServiceSyncProcess.KEY).timers()
                .singleResult();
        Date now = ClockUtil.getCurrentTime();
        management.setJobDuedate(timer.getId(), new Date(now.getTime() - 1_000));

        Job next = Awaitility.await("the next round's timer").atMost(Duration.ofSeconds(30))
                .until(() -> management.createJobQuery().processDefinitionKey(ServiceSyncProcess.KEY).timers()
                        .singleResult(), job -> job != null && !job.getId().equals(timer.getId()));

        assertThat(next.getDuedate()).isAfter(now).isBeforeOrEqualTo(new Date(now.getTime()
                + Duration.ofHours(6).toMillis() + 60_000));
        assertThat(history.createHistoricActivityInstanceQuery().activityId("EndEvent_RoundsOff").count())
                .as("the test profile switches scheduled rounds off").isPositive();
    }

    private void answer(String operationKey, ModuleOutcome outcome) {
        transaction.executeWithoutResult(status -> answers.answered(serviceId, "sync", operationKey, outcome));
    }

    private List<ServiceSyncs.Drift> drifts(String processInstanceId) {
        return syncs.drifts(serviceId, null, 0, 50).getContent().stream()
                .filter(d -> d.processInstanceId().equals(processInstanceId))
                .sorted(java.util.Comparator.comparing(ServiceSyncs.Drift::id)).toList();
    }

    private List<OrphanHosts.Orphan> orphansOf(long moduleId) {
        return orphans.report().stream().filter(o -> o.moduleId() == moduleId).toList();
    }
}
