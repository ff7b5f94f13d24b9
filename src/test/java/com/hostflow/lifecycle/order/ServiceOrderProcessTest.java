package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
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

@Deployment(resources = {"processes/ServiceOrderProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceOrderProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 11L;
    static final long ORDER_ID = 5L;

    ServiceOrders orders = mock(ServiceOrders.class);
    ModuleOperationDoubles doubles;
    Date payBefore;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        Mocks.register("payFromBalanceAdapter", new PayFromBalanceAdapter(orders));
        Mocks.register("activateServiceAdapter", new ActivateServiceAdapter(orders));
        Mocks.register("cancelOrderAdapter", new CancelOrderAdapter(orders));
        Mocks.register("failOrderAdapter", new FailOrderAdapter(orders));
        payBefore = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(3)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceOrderProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceOrderProcess.SERVICE_ID, SERVICE_ID,
                        ServiceOrderProcess.ORDER_ID, ORDER_ID, ServiceOrderProcess.PAY_BEFORE, payBefore));
    }

    private void runJobs() {
        doubles.settle();
    }

    private void paymentArrives() {
        engine.getRuntimeService().createMessageCorrelation(ServiceOrderProcess.MESSAGE_PAYMENT_RECEIVED)
                .processInstanceBusinessKey(Long.toString(SERVICE_ID)).correlateAll();
    }

    @Test
    void paidFromTheBalanceAtOnceAndOpened() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt(ServiceOrderProcess.TASK_OPEN_IN_MODULE);
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder(ServiceOrderProcess.TASK_PAY_FROM_BALANCE,
                ServiceOrderProcess.TASK_OPEN_IN_MODULE, ServiceOrderProcess.TASK_ACTIVATE_SERVICE,
                ServiceOrderProcess.END_ACTIVE);
        assertThat(doubles.module.count("execute open")).isEqualTo(1);
        verify(orders).activate(SERVICE_ID, ORDER_ID);
    }

    @Test
    void waitsForAPaymentThatCoversTheAmount() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false, false, true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt(ServiceOrderProcess.GATEWAY_PAYMENT_OR_EXPIRY);

        paymentArrives();
        assertThat(pi).as("a payment too small to cover the order").isWaitingAt(
                ServiceOrderProcess.GATEWAY_PAYMENT_OR_EXPIRY);
        assertThat(engine.getManagementService().createJobQuery().timers().singleResult().getDuedate())
                .as("the deadline stays where it was").isEqualTo(payBefore);

        paymentArrives();
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceOrderProcess.EVENT_PAYMENT_RECEIVED, ServiceOrderProcess.END_ACTIVE);
        verify(orders, times(3)).payFromBalance(ORDER_ID);
    }

    @Test
    void cancelsAnOrderUnpaidUntilTheDeadline() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false);

        ProcessInstance pi = start();
        runJobs();
        assertThat(pi).isWaitingAt(ServiceOrderProcess.GATEWAY_PAYMENT_OR_EXPIRY);

        ClockUtil.setCurrentTime(Date.from(payBefore.toInstant().plusSeconds(1)));
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceOrderProcess.TIMER_ORDER_EXPIRES,
                ServiceOrderProcess.TASK_CANCEL_ORDER, ServiceOrderProcess.END_CANCELLED);
        verify(orders).cancelUnpaid(SERVICE_ID, ORDER_ID);
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void failsAndRefundsWhenNoModuleCanOpenTheService() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.selections(ModuleOperationDoubles.noneCanServe());

        ProcessInstance pi = start();
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceOrderProcess.TASK_FAIL_ORDER, ServiceOrderProcess.END_FAILED)
                .hasNotPassed(ServiceOrderProcess.TASK_ACTIVATE_SERVICE);
        assertThat(doubles.module.calls).isEmpty();
        verify(orders).fail(SERVICE_ID, ORDER_ID);
    }

    @Test
    void failsAndRefundsWhenTheModuleRejectsTheService() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("REFUSED", "refused"));

        ProcessInstance pi = start();
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceOrderProcess.TASK_FAIL_ORDER, ServiceOrderProcess.END_FAILED)
                .hasNotPassed(ServiceOrderProcess.TASK_ACTIVATE_SERVICE);
        verify(orders).fail(SERVICE_ID, ORDER_ID);
        verify(orders, never()).activate(anyLong(), anyLong());
    }
}
