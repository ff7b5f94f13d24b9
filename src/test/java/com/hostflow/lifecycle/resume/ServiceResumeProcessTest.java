package com.hostflow.lifecycle.resume;

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

import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.suspension.ServiceSuspensions;

@Deployment(resources = {"processes/ServiceResumeProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceResumeProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 8L;

    ServiceSuspensions suspensions = mock(ServiceSuspensions.class);
    ModuleOperationDoubles doubles;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        Mocks.register("removeSuspensionReasonsAdapter", new RemoveSuspensionReasonsAdapter(suspensions));
        Mocks.register("markActiveAdapter", new MarkActiveAdapter(suspensions));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start(String reasons) {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceResumeProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceResumeProcess.SERVICE_ID, SERVICE_ID,
                        ServiceResumeProcess.REASONS, reasons));
    }

    @Test
    void resumesInTheModuleWhenTheLastReasonIsLifted() {
        when(suspensions.removeReasons(SERVICE_ID, "ADMIN,ABUSE")).thenReturn(true);

        ProcessInstance pi = start("ADMIN,ABUSE");
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder(ServiceResumeProcess.TASK_REMOVE_REASONS,
                ServiceResumeProcess.TASK_RESUME_IN_MODULE, ServiceResumeProcess.TASK_MARK_ACTIVE,
                ServiceResumeProcess.END_RESUMED);
        assertThat(doubles.module.count("execute resume")).isEqualTo(1);
        verify(suspensions).markActive(SERVICE_ID);
    }

    @Test
    void staysSuspendedWhileAnotherReasonIsInForce() {
        when(suspensions.removeReasons(SERVICE_ID, "ADMIN")).thenReturn(false);

        ProcessInstance pi = start("ADMIN");

        assertThat(pi).isEnded().hasPassed(ServiceResumeProcess.END_STILL_SUSPENDED);
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void endsAsFailedWhenTheModuleCannotResume() {
        when(suspensions.removeReasons(SERVICE_ID, "BILLING")).thenReturn(true);
        doubles.module.answers("resume", new ModuleOutcome.Rejected("REFUSED", "refused"));

        ProcessInstance pi = start("BILLING");
        doubles.settle();

        assertThat(pi).isEnded().hasPassed(ServiceResumeProcess.END_FAILED)
                .hasNotPassed(ServiceResumeProcess.TASK_MARK_ACTIVE);
        verify(suspensions, never()).markActive(SERVICE_ID);
    }
}
