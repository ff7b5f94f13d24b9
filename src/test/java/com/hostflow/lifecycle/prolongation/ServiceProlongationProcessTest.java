package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.resume.MarkActiveAdapter;
import com.hostflow.lifecycle.resume.RemoveSuspensionReasonsAdapter;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.lifecycle.suspension.AddSuspensionReasonAdapter;
import com.hostflow.lifecycle.suspension.CheckSuspensionTimingAdapter;
import com.hostflow.lifecycle.suspension.MarkSuspendedAdapter;
import com.hostflow.lifecycle.suspension.ServiceSuspensionProcess;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;
import com.hostflow.lifecycle.suspension.UndoSuspensionReasonAdapter;
import com.hostflow.services.SuspensionReason;

@Deployment(resources = {"processes/ServiceProlongationProcess.bpmn", "processes/ServiceSuspensionProcess.bpmn",
        "processes/ServiceResumeProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceProlongationProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 13L;

    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    ServiceSuspensions suspensions = mock(ServiceSuspensions.class);
    ModuleOperationDoubles doubles;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        Mocks.register("chargeNextPeriodAdapter", new ChargeNextPeriodAdapter(prolongations));
        Mocks.register("checkSuspensionTimingAdapter", new CheckSuspensionTimingAdapter(suspensions));
        Mocks.register("addSuspensionReasonAdapter", new AddSuspensionReasonAdapter(suspensions));
        Mocks.register("undoSuspensionReasonAdapter", new UndoSuspensionReasonAdapter(suspensions));
        Mocks.register("markSuspendedAdapter", new MarkSuspendedAdapter(suspensions));
        Mocks.register("removeSuspensionReasonsAdapter", new RemoveSuspensionReasonsAdapter(suspensions));
        Mocks.register("markActiveAdapter", new MarkActiveAdapter(suspensions));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start(String period) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put(ServiceProlongationProcess.SERVICE_ID, SERVICE_ID);
        if (period != null) {
            variables.put(ServiceProlongationProcess.PERIOD, period);
        }
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceProlongationProcess.KEY,
                Long.toString(SERVICE_ID), variables);
    }

    @Test
    void prolongsFromTheBalanceForThePeriodTheClientAsked() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, "YEAR")).thenReturn(ProlongationStep.DONE);

        ProcessInstance pi = start("YEAR");

        assertThat(pi).isEnded().hasPassed(ServiceProlongationProcess.END_PROLONGED);
    }

    @Test
    void suspendsForBillingWhenTheBalanceDoesNotCoverThePeriod() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null)).thenReturn(ProlongationStep.SUSPEND);
        when(suspensions.addReason(SERVICE_ID, SuspensionReason.BILLING)).thenReturn(true);

        ProcessInstance pi = start(null);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed(ServiceProlongationProcess.TASK_SUSPEND_FOR_BILLING,
                ServiceProlongationProcess.END_SUSPENDED);
        verify(suspensions).markSuspended(SERVICE_ID);
    }

    @Test
    void resumesAServiceSuspendedForBillingOncePaid() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null)).thenReturn(ProlongationStep.RESUME);
        when(suspensions.removeReasons(SERVICE_ID, "BILLING")).thenReturn(true);

        ProcessInstance pi = start(null);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed(ServiceProlongationProcess.TASK_RESUME_AFTER_PAYMENT,
                ServiceProlongationProcess.END_RESUMED);
        verify(suspensions).markActive(SERVICE_ID);
    }

    @Test
    void keepsASuspendedServiceWaitingWhileMoneyIsShort() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null)).thenReturn(ProlongationStep.WAIT);

        ProcessInstance pi = start(null);

        assertThat(pi).isEnded().hasPassed(ServiceProlongationProcess.END_STILL_UNPAID);
        verify(suspensions, never()).addReason(anyLong(), eq(SuspensionReason.BILLING));
    }
}
