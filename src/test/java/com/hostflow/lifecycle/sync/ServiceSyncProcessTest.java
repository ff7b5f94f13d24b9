package com.hostflow.lifecycle.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.DepartmentTaskTimes;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.lifecycle.ExternalTaskRunner;
import com.hostflow.lifecycle.LaneDoubles;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.ServiceLanes;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.modules.ProcessingModuleAdapter.RemoteHost;
import com.hostflow.services.OperationJournal;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ServiceSyncProcess on a standalone engine, with the real SyncDriftPolicy table and
 * ModuleOperationProcess (over a scripted module); the database-backed {@link ServiceSyncs} and {@link OrphanHosts}
 * are Mockito doubles that report the facts each test needs.
 */
class ServiceSyncProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 7L;
    static final Instant NOW = Instant.parse("2027-03-05T10:00:00Z");
    static final String DEPARTMENT = "vm-ops";

    ServiceSyncs syncs = mock(ServiceSyncs.class);
    OrphanHosts orphans = mock(OrphanHosts.class);
    ModuleTypeRegistry moduleTypes = mock(ModuleTypeRegistry.class);
    CatalogLookup catalog = mock(CatalogLookup.class);
    DepartmentTaskTimes taskTimes = mock(DepartmentTaskTimes.class);
    ServiceSyncSettings settings = new ServiceSyncSettings(Duration.ofHours(6), true, 2);
    ModuleOperationDoubles doubles;
    ServiceLanes lanes;
    ExternalTaskRunner hostListing;
    String deploymentId;

    @BeforeEach
    void registerDelegatesAndDeploy() throws IOException {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        lanes = LaneDoubles.register();
        Mocks.register("serviceSyncSettings", settings);
        Mocks.register("departmentTaskTimes", taskTimes);
        Mocks.register("planSyncRoundAdapter", new PlanSyncRoundAdapter());
        Mocks.register("startSyncBatchAdapter", new StartSyncBatchAdapter(syncs, settings));
        Mocks.register("claimServiceSyncAdapter", new ClaimServiceSyncAdapter(syncs));
        Mocks.register("releaseServiceSyncClaimListener", new ReleaseServiceSyncClaimListener(syncs));
        Mocks.register("noteServiceBusyListener", new NoteServiceBusyListener(syncs));
        Mocks.register("checkServiceLiveAdapter", new CheckServiceLiveAdapter(syncs));
        Mocks.register("compareWithModuleAdapter", new CompareWithModuleAdapter(syncs));
        Mocks.register("takeNextDriftAdapter", new TakeNextDriftAdapter(syncs));
        Mocks.register("settleDriftAdapter", new SettleDriftAdapter(syncs));
        Mocks.register("briefDepartmentAdapter", new BriefDepartmentAdapter(syncs));
        Mocks.register("recordDriftResolutionAdapter", new RecordDriftResolutionAdapter(syncs));
        hostListing = new ExternalTaskRunner(engine.getProcessEngine(), new ModuleHostsHandler(orphans, moduleTypes),
                new TwinHostsHandler(orphans, catalog, moduleTypes));
        when(syncs.claim(eq(SERVICE_ID), anyString())).thenReturn(true);
        when(syncs.stillLive(SERVICE_ID)).thenReturn(true);
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(none(0));
        when(syncs.brief(eq(SERVICE_ID), anyString()))
                .thenReturn(new ServiceSyncs.Brief(DEPARTMENT, "the VM is gone", "Client A, service 7: gone"));
        when(taskTimes.dueDate(DEPARTMENT)).thenReturn(Date.from(NOW.plus(Duration.ofHours(4))));
        when(taskTimes.followUpDate(DEPARTMENT)).thenReturn(Date.from(NOW.plus(Duration.ofHours(1))));
        // the timer start event reads its cycle from the settings bean when the model is deployed
        deploymentId = engine.getRepositoryService().createDeployment()
                .addClasspathResource("processes/ServiceSyncProcess.bpmn")
                .addClasspathResource("processes/SyncDriftPolicy.dmn")
                .addClasspathResource("processes/ModuleOperationProcess.bpmn")
                .addClasspathResource("processes/ModuleFailurePolicy.dmn").deploy().getId();
    }

    @AfterEach
    void reset() {
        engine.getRepositoryService().deleteDeployment(deploymentId, true);
        Mocks.reset();
        ClockUtil.reset();
    }

    // --- the round ------------------------------------------------------------------------------------------------

    @Test
    void theTimerStartsARoundThatSyncsEveryBatchAndThenReportsOrphanHosts() {
        when(syncs.startBatch(anyLong(), anyInt())).thenReturn(List.of(1L, 2L), List.of(5L));
        ProcessingModuleConfig module = module();
        ProcessingModuleAdapter adapter = mock(ProcessingModuleAdapter.class);
        OrphanHosts.Place place = new OrphanHosts.Place(module, List.of(module.id()));
        List<RemoteHost> hosts = List.of(new RemoteHost("42", "hand-made", "active", null, null));
        when(orphans.places()).thenReturn(List.of(place));
        when(moduleTypes.adapter("vmmanager6")).thenReturn(Optional.of(adapter));
        when(adapter.hosts(module)).thenReturn(hosts);
        when(orphans.record(any())).thenReturn(1);

        Job timer = engine.getManagementService().createJobQuery().timers().singleResult();
        assertThat(timer.getDuedate()).as("every 6 hours").isEqualTo(Date.from(NOW.plus(Duration.ofHours(6))));
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
        ProcessInstance round = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(ServiceSyncProcess.KEY).singleResult();
        assertThat(round).isWaitingAt(ServiceSyncProcess.TASK_START_BATCH);
        execute(job(round));
        execute(job(round));
        assertThat(round).isWaitingAt(ServiceSyncProcess.TASK_FIND_ORPHAN_HOSTS);
        assertThat(hostListing.runAvailable()).isEqualTo(1);

        assertThat(round).isEnded().hasPassedInOrder(ServiceSyncProcess.TIMER_ROUND_DUE,
                "Task_PlanSyncRound", "Task_StartSyncBatch", "Task_FindOrphanHosts", "EndEvent_RoundDone");
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(round.getId())
                .variableName(ServiceSyncProcess.ORPHAN_HOSTS).singleResult().getValue()).isEqualTo(1);
        verify(syncs).startBatch(0L, 2);
        verify(syncs).startBatch(2L, 2);
        verify(orphans).record(List.of(new OrphanHosts.Listing(place, hosts)));
        assertThat(engine.getManagementService().createJobQuery().timers().count())
                .as("the next round is due").isEqualTo(1);
    }

    @Test
    void aModuleThatCannotBeListedKeepsItsReportAndTheRoundEnds() {
        when(syncs.startBatch(anyLong(), anyInt())).thenReturn(List.of());
        ProcessingModuleConfig module = module();
        ProcessingModuleAdapter adapter = mock(ProcessingModuleAdapter.class);
        OrphanHosts.Place place = new OrphanHosts.Place(module, List.of(module.id()));
        when(orphans.places()).thenReturn(List.of(place));
        when(moduleTypes.adapter("vmmanager6")).thenReturn(Optional.of(adapter));
        when(adapter.hosts(module)).thenThrow(new ModuleTechnicalException("UNAVAILABLE", "asleep"));

        ProcessInstance round = requestRound();
        execute(job(round));
        hostListing.runAvailable();

        assertThat(round).isEnded().hasPassed("StartEvent_SyncRoundRequested", "EndEvent_RoundDone");
        verify(orphans).record(List.of(new OrphanHosts.Listing(place, null)));
    }

    /**
     * The OrphanHostPolicy marked a second VM of a live service (its own open made it): the round deletes it in the
     * module after the report, outside any transaction, journaled; one the module cannot delete now stays for the
     * next round, and the round ends all the same.
     */
    @Test
    void twinsOfLiveServicesThePolicyMarkedAreDeletedAfterTheReport() {
        when(syncs.startBatch(anyLong(), anyInt())).thenReturn(List.of());
        ProcessingModuleConfig module = module();
        ProcessingModuleAdapter adapter = mock(ProcessingModuleAdapter.class);
        when(orphans.places()).thenReturn(List.of(new OrphanHosts.Place(module, List.of(module.id()))));
        when(moduleTypes.adapter("vmmanager6")).thenReturn(Optional.of(adapter));
        when(catalog.processingModule(module.id())).thenReturn(Optional.of(module));
        when(adapter.hosts(module)).thenReturn(List.of());
        when(orphans.record(any())).thenReturn(2);
        when(orphans.twinsToDelete()).thenReturn(2);
        OrphanHosts.Twin twin = new OrphanHosts.Twin(module.id(), new RemoteHost("43", "hostflow-7", "active",
                "7-open-a", SERVICE_ID), SERVICE_ID);
        OrphanHosts.Twin unreachable = new OrphanHosts.Twin(module.id(), new RemoteHost("44", "hostflow-8", "active",
                "8-open-b", 8L), 8L);
        when(orphans.twins(anyString())).thenReturn(List.of(twin, unreachable));
        OperationJournal.Attempt first = new OperationJournal.Attempt(1, true);
        OperationJournal.Attempt second = new OperationJournal.Attempt(2, true);
        when(orphans.startDeletion(eq(twin), anyString())).thenReturn(first);
        when(orphans.startDeletion(eq(unreachable), anyString())).thenReturn(second);
        when(adapter.deleteHost(module, twin.host())).thenReturn(true);
        when(adapter.deleteHost(module, unreachable.host()))
                .thenThrow(new ModuleTechnicalException("UNREACHABLE", "down"));

        ProcessInstance round = requestRound();
        execute(job(round));
        assertThat(hostListing.runAvailable()).isEqualTo(1);
        assertThat(round).isWaitingAt(ServiceSyncProcess.TASK_DELETE_TWIN_HOSTS);
        assertThat(hostListing.runAvailable()).isEqualTo(1);

        assertThat(round).isEnded().hasPassedInOrder("Task_FindOrphanHosts", "Gateway_TwinsFound",
                ServiceSyncProcess.TASK_DELETE_TWIN_HOSTS, "EndEvent_RoundDone");
        verify(orphans).deletionDone(twin, first, true, round.getId());
        verify(orphans).deletionFailed(unreachable, second, "down");
        verify(orphans, never()).deletionDone(eq(unreachable), any(), org.mockito.ArgumentMatchers.anyBoolean(),
                anyString());
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(round.getId())
                .variableName(ServiceSyncProcess.TWIN_HOSTS_DELETED).singleResult().getValue()).isEqualTo(1);
    }

    @Test
    void withoutTwinsTheRoundEndsAfterTheReport() {
        when(syncs.startBatch(anyLong(), anyInt())).thenReturn(List.of());
        when(orphans.places()).thenReturn(List.of());
        when(orphans.twinsToDelete()).thenReturn(0);

        ProcessInstance round = requestRound();
        execute(job(round));
        hostListing.runAvailable();

        assertThat(round).isEnded().hasPassedInOrder("Task_FindOrphanHosts", "Gateway_TwinsFound",
                "EndEvent_RoundDone").hasNotPassed(ServiceSyncProcess.TASK_DELETE_TWIN_HOSTS);
        verify(orphans, never()).twins(anyString());
    }

    @Test
    void withScheduledRoundsOffTheTimerSyncsNothing() {
        engine.getRepositoryService().deleteDeployment(deploymentId, true);
        Mocks.register("serviceSyncSettings", new ServiceSyncSettings(Duration.ofMinutes(30), false, 100));
        deploymentId = engine.getRepositoryService().createDeployment()
                .addClasspathResource("processes/ServiceSyncProcess.bpmn").deploy().getId();

        Job timer = engine.getManagementService().createJobQuery().timers().singleResult();
        assertThat(timer.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(30))));
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);

        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("EndEvent_RoundsOff").count()).isEqualTo(1);
        verify(syncs, never()).startBatch(anyLong(), anyInt());
    }

    @Test
    void anAdminStartsARoundWhenTheScheduleIsOffToo() {
        when(syncs.startBatch(anyLong(), anyInt())).thenReturn(List.of(3L));
        when(orphans.places()).thenReturn(List.of());

        ProcessInstance round = requestRound();
        execute(job(round));
        hostListing.runAvailable();

        assertThat(round).isEnded().hasPassedInOrder("StartEvent_SyncRoundRequested", "Task_PlanSyncRound",
                "Task_StartSyncBatch", "Task_FindOrphanHosts", "EndEvent_RoundDone");
        verify(syncs).startBatch(0L, 2);
    }

    // --- the sync of one service: skipped ------------------------------------------------------------------------

    @Test
    void aServiceAnotherSyncHoldsIsLeftAlone() {
        when(syncs.claim(eq(SERVICE_ID), anyString())).thenReturn(false);

        ProcessInstance pi = startSync();

        assertThat(pi).isEnded().hasPassed("EndEvent_SyncedElsewhere").hasNotPassed("Task_TakeServiceTurn");
        assertThat(doubles.module.calls).isEmpty();
        verify(syncs).releaseClaim(pi.getId());
    }

    @Test
    void aServiceWhoseTurnIsTakenIsSkippedNotWaitedFor() {
        when(lanes.take(anyLong(), anyString())).thenReturn(false);

        ProcessInstance pi = startSync();

        assertThat(pi).isEnded().hasPassed("EndEvent_ServiceBusy").hasNotPassed("Task_SyncInModule");
        assertThat(doubles.module.calls).isEmpty();
        verify(syncs).skippedBusy();
        verify(lanes).release(pi.getId());
        verify(syncs).releaseClaim(pi.getId());
    }

    @Test
    void aServiceDeletedSinceTheRoundChoseItIsNotRead() {
        when(syncs.stillLive(SERVICE_ID)).thenReturn(false);

        ProcessInstance pi = startSync();

        assertThat(pi).isEnded().hasPassed("EndEvent_NotLive");
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void aModuleThatDoesNotAnswerLeavesTheServiceForTheNextRound() {
        doubles.module.answers("sync", new ModuleTechnicalException("UNAVAILABLE", "asleep"));

        ProcessInstance pi = startSync();
        doubles.settle();
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofMinutes(1))));
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Event_SyncFailed", "EndEvent_SyncFailed")
                .hasNotPassed("Task_CompareWithModule");
        verify(syncs, never()).compare(anyLong(), anyString(), anyString());
        verify(lanes).release(pi.getId());
    }

    // --- the sync of one service: compared ------------------------------------------------------------------------

    @Test
    void aServiceThatMatchesItsModuleIsReconciled() {
        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_ClaimServiceSync", "Task_TakeServiceTurn",
                "Task_CheckServiceLive", "Task_SyncInModule", "Task_CompareWithModule", "Task_TakeNextDrift",
                "EndEvent_Reconciled").hasNotPassed("Task_DecideDriftAction");
        assertThat(doubles.module.calls).containsExactly("execute sync");
        verify(syncs).compare(SERVICE_ID, SERVICE_ID + "-sync-" + pi.getId(), pi.getId());
        verify(lanes).release(pi.getId());
        verify(syncs).releaseClaim(pi.getId());
    }

    @Test
    void aVmStoppedWhileActiveIsStartedAgain() {
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(drift(11, DriftKind.STOPPED_WHILE_ACTIVE,
                "ACTIVE", false), none(0));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_DecideDriftAction", "Task_RepairInModule",
                "Task_NoteRepaired", "Task_TakeNextDrift", "EndEvent_Reconciled");
        assertThat(doubles.module.calls).containsExactly("execute sync", "execute resume");
        verify(syncs).settle(11, DriftOutcome.REPAIRED);
        assertThat(operationKeys()).contains(SERVICE_ID + "-resume-" + pi.getId());
        // in a queued module the read waits behind every other operation, the repair takes its turn as they do
        verify(doubles.operations).tryAcquireQueueSlot(eq(SERVICE_ID), eq(SERVICE_ID + "-sync-" + pi.getId()),
                anyString(), eq(true));
        verify(doubles.operations).tryAcquireQueueSlot(eq(SERVICE_ID), eq(SERVICE_ID + "-resume-" + pi.getId()),
                anyString(), eq(false));
    }

    @Test
    void aVmRunningWhileSuspendedIsStoppedAgain() {
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(drift(12, DriftKind.RUNNING_WHILE_SUSPENDED,
                "SUSPENDED", false), none(0));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_RepairInModule", "Task_NoteRepaired", "EndEvent_Reconciled");
        assertThat(doubles.module.calls).containsExactly("execute sync", "execute suspend");
        verify(syncs).settle(12, DriftOutcome.REPAIRED);
    }

    @Test
    void resourcesBelowWhatIsPaidAreGrownBackAndThenTheStateIsRepairedToo() {
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(
                drift(13, DriftKind.STOPPED_WHILE_ACTIVE, "ACTIVE", false),
                drift(14, DriftKind.RESOURCES_CHANGED, "ACTIVE", true), none(0));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("EndEvent_Reconciled");
        assertThat(doubles.module.calls).containsExactly("execute sync", "execute resume", "execute setparam");
        verify(syncs).settle(13, DriftOutcome.REPAIRED);
        verify(syncs).settle(14, DriftOutcome.REPAIRED);
    }

    @Test
    void moreResourcesThanPaidGoToTheDepartment() {
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(
                drift(15, DriftKind.RESOURCES_CHANGED, "ACTIVE", false), none(1));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isWaitingAt(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT).hasPassed("Task_HandOverDrift")
                .hasNotPassed("Task_RepairInModule");
        verify(syncs).settle(15, DriftOutcome.HANDED_OVER);
        assertThat(doubles.module.calls).containsExactly("execute sync");
    }

    @Test
    void aGoneVmBecomesATaskForTheModulesDepartmentThatTellsTheStory() {
        doubles.module.answers("sync", new ModuleOutcome.Rejected(ModuleOutcome.Rejected.NOT_FOUND, "no host 42"));
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(drift(16, DriftKind.GONE, "ACTIVE", false),
                none(1));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).hasPassed("Event_SyncRefused", "Task_CompareWithModule", "Task_HandOverDrift",
                "Task_BriefDepartment").isWaitingAt(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT);
        verify(syncs).settle(16, DriftOutcome.HANDED_OVER);
        assertThat(task(pi)).hasName("Service 7: the VM is gone").hasDescription("Client A, service 7: gone")
                .hasCandidateGroup(DEPARTMENT).hasDueDate(Date.from(NOW.plus(Duration.ofHours(4))));
        assertThat(task(pi).getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(1))));
        // the department filters' Service and Operation columns: staff read a task's own variables only
        assertThat(taskService().getVariablesLocal(task(pi).getId())).containsOnly(
                Map.entry("serviceId", SERVICE_ID), Map.entry("operation", "sync"));
        verify(lanes).release(pi.getId());
        verify(syncs, never()).releaseClaim(anyString());

        complete(task(pi), withVariables(ServiceSyncProcess.DECISION, "leave", ServiceSyncProcess.COMMENT,
                "the client deleted it and wants no VM"));

        assertThat(pi).isEnded().hasPassed("Task_RecordDepartmentAnswer", "EndEvent_LookedInto");
        verify(syncs).resolve(pi.getId(), "leave", "the client deleted it and wants no VM");
        verify(syncs).releaseClaim(pi.getId());
        assertThat(doubles.module.calls).as("never made anew").containsExactly("execute sync");
    }

    @Test
    void aFailedRepairGoesToTheDepartment() {
        doubles.module.answers("resume", new ModuleOutcome.Rejected("Err_VmManager", "locked"));
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(
                drift(17, DriftKind.STOPPED_WHILE_ACTIVE, "ACTIVE", false), none(1));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).hasPassed("Event_RepairFailed", "Task_HandOverFailedRepair")
                .hasNotPassed("Task_NoteRepaired").isWaitingAt(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT);
        verify(syncs).settle(17, DriftOutcome.REPAIR_FAILED);
        complete(task(pi), withVariables(ServiceSyncProcess.DECISION, "fixed"));
        assertThat(pi).isEnded();
        verify(syncs).resolve(pi.getId(), "fixed", null);
    }

    @Test
    void theDepartmentsTaskEndsWhenTheServiceIsDeleted() {
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(drift(18, DriftKind.GONE, "ACTIVE", false),
                none(1));
        ProcessInstance pi = startSync();
        doubles.settle();
        assertThat(pi).isWaitingAt(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT);

        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).deletionRequested(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("Event_DeletedMeanwhile", "Task_NoteServiceDeleted",
                "EndEvent_ServiceDeleted").hasNotPassed("Task_RecordDepartmentAnswer");
        verify(syncs).resolve(pi.getId(), "deleted", null);
        verify(syncs).releaseClaim(pi.getId());
    }

    @Test
    void aDifferenceTheTableIgnoresIsOnlyNoted() throws IOException {
        deployPolicy(policy().replace("<outputEntry id=\"Rule_StartStoppedVm_Action\"><text>\"REPAIR\"</text>",
                "<outputEntry id=\"Rule_StartStoppedVm_Action\"><text>\"IGNORE\"</text>"));
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(
                drift(19, DriftKind.STOPPED_WHILE_ACTIVE, "ACTIVE", false), none(0));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_NoteIgnored", "EndEvent_Reconciled")
                .hasNotPassed("Task_RepairInModule");
        verify(syncs).settle(19, DriftOutcome.IGNORED);
        assertThat(doubles.module.calls).containsExactly("execute sync");
    }

    @Test
    void aRepairRuleForAGoneVmStillHandsItOverForNothingMakesItAnew() throws IOException {
        deployPolicy(policy().replace("<outputEntry id=\"Rule_GoneToDepartment_Action\"><text>\"DEPARTMENT\"</text>",
                "<outputEntry id=\"Rule_GoneToDepartment_Action\"><text>\"REPAIR\"</text>"));
        when(syncs.next(eq(SERVICE_ID), anyString())).thenReturn(drift(20, DriftKind.GONE, "ACTIVE", false),
                none(1));

        ProcessInstance pi = startSync();
        doubles.settle();

        assertThat(pi).hasPassed("Task_HandOverDrift").hasNotPassed("Task_RepairInModule")
                .isWaitingAt(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT);
        verify(syncs).settle(20, DriftOutcome.HANDED_OVER);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private ProcessInstance startSync() {
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByMessage(
                ServiceSyncProcess.MESSAGE_SERVICE_SYNC_DUE, Long.toString(SERVICE_ID),
                Map.of(ServiceSyncProcess.SERVICE_ID, SERVICE_ID));
        assertThat(pi).as("its first step is a job of its own").isWaitingAt("StartEvent_SyncDue");
        execute(job(pi));
        return pi;
    }

    private ProcessInstance requestRound() {
        return engine.getRuntimeService().startProcessInstanceByMessage(ServiceSyncProcess.MESSAGE_ROUND_REQUESTED);
    }

    private static ServiceSyncs.Next drift(long id, DriftKind kind, String status, boolean below) {
        return new ServiceSyncs.Next(id, kind, below, status, "", "vds", 0);
    }

    private static ServiceSyncs.Next none(int forDepartment) {
        return new ServiceSyncs.Next(null, null, false, "ACTIVE", "", "vds", forDepartment);
    }

    private List<Object> operationKeys() {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().variableName("operationKey").list()
                .stream().map(v -> v.getValue()).toList();
    }

    private static ProcessingModuleConfig module() {
        return new ProcessingModuleConfig(3, "vmmanager6", "vds", "VMmanager", null, null, DEPARTMENT, 1,
                "http://vm.example", "admin", "secret", new ProcessingModuleConfig.Settings("1", false, false), null);
    }

    private static String policy() throws IOException {
        try (InputStream in = ServiceSyncProcessTest.class.getResourceAsStream("/processes/SyncDriftPolicy.dmn")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An analyst's edit of the table: deployed as its next version, which the process uses from now on. */
    private void deployPolicy(String dmn) {
        Deployment edited = engine.getRepositoryService().createDeployment()
                .addString("SyncDriftPolicy.dmn", dmn).deploy();
        assertThat(engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey(ServiceSyncProcess.DECISION_DRIFT_POLICY).latestVersion().singleResult()
                .getDeploymentId()).isEqualTo(edited.getId());
        extraDeployments.add(edited.getId());
    }

    private final List<String> extraDeployments = new java.util.ArrayList<>();

    @AfterEach
    void removeEditedPolicies() {
        extraDeployments.forEach(id -> engine.getRepositoryService().deleteDeployment(id, true));
    }
}
