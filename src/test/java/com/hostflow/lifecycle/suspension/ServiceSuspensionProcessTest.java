package com.hostflow.lifecycle.suspension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.services.SuspensionReason;

@Deployment(resources = {"processes/ServiceSuspensionProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceSuspensionProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 7L;

    ServiceSuspensions suspensions = mock(ServiceSuspensions.class);
    ModuleOperationDoubles doubles;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        Mocks.register("checkSuspensionTimingAdapter", new CheckSuspensionTimingAdapter(suspensions));
        Mocks.register("addSuspensionReasonAdapter", new AddSuspensionReasonAdapter(suspensions));
        Mocks.register("undoSuspensionReasonAdapter", new UndoSuspensionReasonAdapter(suspensions));
        Mocks.register("markSuspendedAdapter", new MarkSuspendedAdapter(suspensions));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start(SuspensionReason reason) {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceSuspensionProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceSuspensionProcess.SERVICE_ID, SERVICE_ID,
                        ServiceSuspensionProcess.REASON, reason.name()));
    }

    private void runJobs() {
        doubles.settle();
    }

    @Test
    void suspendsInTheModuleOnTheFirstReason() {
        when(suspensions.addReason(SERVICE_ID, SuspensionReason.ADMIN)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.ADMIN);
        assertThat(pi).isWaitingAt(ServiceSuspensionProcess.TASK_SUSPEND_IN_MODULE);
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder(ServiceSuspensionProcess.TASK_ADD_REASON,
                ServiceSuspensionProcess.TASK_SUSPEND_IN_MODULE, ServiceSuspensionProcess.TASK_MARK_SUSPENDED,
                ServiceSuspensionProcess.END_SUSPENDED);
        assertThat(doubles.module.count("execute suspend")).isEqualTo(1);
        verify(suspensions).markSuspended(SERVICE_ID);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(ModuleOperationProcess.KEY).singleResult().getBusinessKey())
                .isEqualTo(Long.toString(SERVICE_ID));
    }

    @Test
    void onlyAddsTheReasonWhenTheServiceIsSuspendedAlready() {
        when(suspensions.addReason(SERVICE_ID, SuspensionReason.ABUSE)).thenReturn(false);

        ProcessInstance pi = start(SuspensionReason.ABUSE);

        assertThat(pi).isEnded().hasPassed(ServiceSuspensionProcess.END_REASON_ADDED);
        assertThat(doubles.module.calls).isEmpty();
        verify(suspensions, never()).markSuspended(SERVICE_ID);
    }

    @Test
    void waitsUntilMondayOnAWeekend() {
        Date monday = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(2)));
        when(suspensions.suspensionNotBefore(SERVICE_ID, SuspensionReason.BILLING)).thenReturn(monday);
        when(suspensions.addReason(SERVICE_ID, SuspensionReason.BILLING)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isWaitingAt(ServiceSuspensionProcess.GATEWAY_ALLOWED_OR_PAID);
        runJobs();
        verify(suspensions, never()).addReason(anyLong(), eq(SuspensionReason.BILLING));

        ClockUtil.setCurrentTime(Date.from(monday.toInstant().plusSeconds(1)));
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceSuspensionProcess.TIMER_UNTIL_ALLOWED,
                ServiceSuspensionProcess.END_SUSPENDED);
    }

    @Test
    void aPaymentCancelsASuspensionWaitingForMonday() {
        Date monday = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(1)));
        when(suspensions.suspensionNotBefore(SERVICE_ID, SuspensionReason.BILLING)).thenReturn(monday);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        engine.getRuntimeService().createMessageCorrelation(ServiceSuspensionProcess.MESSAGE_PAYMENT_RECEIVED)
                .processInstanceBusinessKey(Long.toString(SERVICE_ID)).correlateAll();

        assertThat(pi).isEnded().hasPassed(ServiceSuspensionProcess.END_CANCELLED_BY_PAYMENT)
                .hasNotPassed(ServiceSuspensionProcess.TASK_ADD_REASON);
        assertThat(engine.getManagementService().createJobQuery().count()).isZero();
    }

    @Test
    void takesTheReasonBackWhenTheModuleFails() {
        when(suspensions.addReason(SERVICE_ID, SuspensionReason.ADMIN)).thenReturn(true);
        doubles.module.answers("suspend", new ModuleOutcome.Rejected("REFUSED", "refused"));

        ProcessInstance pi = start(SuspensionReason.ADMIN);
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceSuspensionProcess.TASK_UNDO_REASON,
                ServiceSuspensionProcess.END_FAILED).hasNotPassed(ServiceSuspensionProcess.TASK_MARK_SUSPENDED);
        verify(suspensions).undoReason(SERVICE_ID, SuspensionReason.ADMIN);
    }
}
