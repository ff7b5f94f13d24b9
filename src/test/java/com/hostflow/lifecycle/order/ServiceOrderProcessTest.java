package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.notifications.NotificationRequest;
import com.hostflow.support.StandaloneEngine;

/** Every path of ServiceOrderProcess, with the real ModuleOperationProcess over a scripted module. */
@Deployment(resources = {"processes/ServiceOrderProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceOrderProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 11L;
    static final long ORDER_ID = 5L;

    ServiceOrders orders = mock(ServiceOrders.class);
    ModuleOperationDoubles doubles;
    NotificationDoubles notifications;
    Date payBefore;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        notifications = NotificationDoubles.register();
        Mocks.register("payFromBalanceAdapter", new PayFromBalanceAdapter(orders));
        Mocks.register("activateServiceAdapter", new ActivateServiceAdapter(orders));
        Mocks.register("cancelOrderAdapter", new CancelOrderAdapter(orders));
        Mocks.register("cancelPaidOrderAdapter", new CancelPaidOrderAdapter(orders));
        Mocks.register("failOrderAdapter", new FailOrderAdapter(orders));
        Mocks.register("orderEndedListener", new OrderEndedListener(orders));
        Mocks.register("withdrawOpenAdapter", new WithdrawOpenAdapter(events()));
        Mocks.register("serviceOrders", orders);
        // the open chose a module unless a test says otherwise
        when(orders.moduleTookIt(SERVICE_ID)).thenReturn(true);
        payBefore = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(3)));
        when(orders.payBefore(ORDER_ID)).thenReturn(payBefore);
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceOrderProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceOrderProcess.SERVICE_ID, SERVICE_ID,
                        ServiceOrderProcess.ORDER_ID, ORDER_ID));
    }

    private LifecycleEvents events() {
        return new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService());
    }

    @Test
    void paidFromTheBalanceAtOnceAndOpened() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Task_OpenInModule");
        assertThat(storedVariableNames(pi)).as("a paid order needs no deadline")
                .containsExactlyInAnyOrder(ServiceOrderProcess.SERVICE_ID, ServiceOrderProcess.ORDER_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_PayFromBalance", "Task_OpenInModule",
                "Task_ActivateService", "Task_NotifyServiceReady", "EndEvent_ServiceActive");
        assertThat(notifications.templates()).containsExactly("service-ready");
        assertThat(notifications.sent().get(0).serviceId()).isEqualTo(SERVICE_ID);
        assertThat(doubles.module.count("execute open")).isEqualTo(1);
        verify(orders).activate(SERVICE_ID, ORDER_ID);
    }

    @Test
    void whetherItIsPaidIsNeverStored() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false, true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Gateway_PaymentOrExpiry");
        assertThat(storedVariableNames(pi)).as("only the gateway after paying reads it")
                .containsExactlyInAnyOrder(ServiceOrderProcess.SERVICE_ID, ServiceOrderProcess.ORDER_ID,
                        ServiceOrderProcess.PAY_BEFORE);
        events().paymentReceived(SERVICE_ID);
        assertThat(pi).isWaitingAt("Task_OpenInModule");
        assertThat(storedVariableNames(pi)).doesNotContain(ServiceOrderProcess.PAID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("EndEvent_ServiceActive");
    }

    @Test
    void anOrderThatStoredWhetherItIsPaidGoesOn() {
        // started before it became transient, and with its deadline, as orders were: the engine refuses to turn a
        // stored variable transient
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ServiceOrderProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceOrderProcess.SERVICE_ID, SERVICE_ID,
                        ServiceOrderProcess.ORDER_ID, ORDER_ID, ServiceOrderProcess.PAY_BEFORE, payBefore,
                        ServiceOrderProcess.PAID, false));

        assertThat(pi).isWaitingAt("Task_OpenInModule");
        doubles.settle();
        assertThat(pi).isEnded().hasPassed("EndEvent_ServiceActive");
    }

    private List<String> storedVariableNames(ProcessInstance pi) {
        return engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(pi.getId()).list()
                .stream().map(VariableInstance::getName).toList();
    }

    @Test
    void waitsForAPaymentThatCoversTheAmount() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false, false, true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Gateway_PaymentOrExpiry");
        events().paymentReceived(SERVICE_ID);
        assertThat(pi).as("too little: it waits again").isWaitingAt("Gateway_PaymentOrExpiry");
        events().paymentReceived(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Event_PaymentReceived", "EndEvent_ServiceActive");
        verify(orders, times(3)).payFromBalance(ORDER_ID);
        var asked = notifications.sent().stream().filter(n -> n.template().equals("order-awaiting-payment")).toList();
        assertThat(asked).as("asked on every unpaid pass, under one key: the outbox keeps one")
                .extracting(n -> n.idempotencyKey()).hasSize(2).containsOnly(asked.get(0).idempotencyKey());
        assertThat(asked.get(0).params()).containsEntry("payBefore", payBefore);
        assertThat(notifications.templates()).endsWith("service-ready");
    }

    @Test
    void cancelsAnOrderUnpaidUntilTheDeadline() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false);

        ProcessInstance pi = start();
        assertThat(job(pi).getDuedate()).as("the deadline the pay task set").isEqualTo(payBefore);
        ClockUtil.setCurrentTime(Date.from(payBefore.toInstant().plusSeconds(1)));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassedInOrder("Timer_OrderExpires", "Task_PayBeforeCancelling", "Task_CancelOrder",
                "Task_NotifyOrderCancelled", "EndEvent_OrderCancelled");
        assertThat(notifications.templates()).containsExactly("order-awaiting-payment", "order-cancelled");
        verify(orders, times(2)).payFromBalance(ORDER_ID);
        verify(orders).payBefore(ORDER_ID);
        verify(orders).cancelUnpaid(SERVICE_ID, ORDER_ID);
        assertThat(doubles.module.calls).isEmpty();
    }

    /**
     * The order's instance heard neither the deletion nor the payment while an admin held it in Cockpit, and a
     * deletion of its own deleted the service and told the client: a payment heard on activation asks for no money,
     * the order is cancelled without a second mail.
     */
    @Test
    void anUnpaidOrderWhoseServiceWasDeletedMeanwhileIsCancelledWithoutAWord() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false);
        ProcessInstance pi = start();
        when(orders.deletedAlready(SERVICE_ID)).thenReturn(true);
        when(orders.cancelUnpaid(SERVICE_ID, ORDER_ID)).thenReturn(true);

        events().paymentReceived(SERVICE_ID);

        assertThat(pi).isEnded().hasPassedInOrder("Event_PaymentReceived", "Task_PayFromBalance",
                "Gateway_DeletedWhileUnpaid", "Task_CancelOrder", "Gateway_DeletedAlready",
                "EndEvent_CancelledAfterDeletion").hasNotPassed("Task_NotifyOrderCancelled");
        assertThat(notifications.templates()).as("asked to pay once, before the deletion")
                .containsExactly("order-awaiting-payment");
        verify(orders).cancelUnpaid(SERVICE_ID, ORDER_ID);
    }

    @Test
    void aPaymentNotYetDeliveredAtTheDeadlinePaysTheOrder() {
        // the payment committed just before the deadline; its delivery to the wait (after the commit, on a thread of
        // its own) lost the race to the timer: the timer's last look at the balance finds it
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false, true);

        ProcessInstance pi = start();
        ClockUtil.setCurrentTime(Date.from(payBefore.toInstant().plusSeconds(1)));
        execute(job(pi));
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Timer_OrderExpires", "Task_PayBeforeCancelling",
                "Task_OpenInModule", "EndEvent_ServiceActive").hasNotPassed("Task_CancelOrder");
        verify(orders, never()).cancelUnpaid(SERVICE_ID, ORDER_ID);
        verify(orders).activate(SERVICE_ID, ORDER_ID);
    }

    @Test
    void deletingAnUnpaidOrderCancelsItSoALaterPaymentOpensNothing() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(false, true);

        ProcessInstance pi = start();
        events().deletionRequested(SERVICE_ID);
        events().paymentReceived(SERVICE_ID);

        assertThat(pi).isEnded().hasPassedInOrder("Event_DeletionRequested", "Task_CancelOrder",
                "Task_NotifyOrderCancelled", "EndEvent_OrderCancelled");
        assertThat(notifications.templates()).endsWith("order-cancelled");
        verify(orders).cancelUnpaid(SERVICE_ID, ORDER_ID);
        verify(orders, times(1)).payFromBalance(ORDER_ID);
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void aServiceDeletedWhileItIsSetUpIsClosedAndRefunded() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);

        ProcessInstance pi = start();
        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_OpenInModule", "Task_CloseAfterDeletion",
                "Task_CancelPaidOrder", "Task_NotifyPaidOrderCancelled", "EndEvent_DeletedBeforeActive")
                .hasNotPassed("Task_ActivateService");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
        verify(orders, never()).activate(anyLong(), anyLong());
        assertThat(notifications.sent()).as("the client is told the money came back (it was told nothing)")
                .singleElement().satisfies(mail -> {
                    assertThat(mail.template()).isEqualTo("order-cancelled-refunded");
                    assertThat(mail.params()).as("the close went well").doesNotContainKey("closeFailed");
                    assertThat(mail.orderId()).isEqualTo(ORDER_ID);
                    assertThat(mail.idempotencyKey()).isEqualTo(pi.getId() + ":Task_NotifyPaidOrderCancelled");
                });
    }

    @Test
    void aServiceDeletedWhileItsFailedOpenWaitsForTheDepartmentIsClosedOnceAndRefunded() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleTechnicalException("AUTH_FAILED", "it broke"));
        ProcessInstance pi = start();
        settleWithBackoffs();
        ProcessInstance open = calledOpen(pi);
        assertThat(open).isWaitingAt(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);

        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_DeletedWhileOpening", "Task_WithdrawOpen",
                "EndEvent_DeletionNoted").hasPassedInOrder("Task_OpenInModule", "Task_CloseAfterDeletion",
                "Task_CancelPaidOrder", "EndEvent_DeletedBeforeActive").hasNotPassed("Task_ActivateService");
        assertThat(open).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_AT_DEPARTMENT);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(Long.toString(SERVICE_ID))
                .count()).as("the department's task ended").isZero();
        assertThat(doubles.module.calls).as("no try after the deletion, one close")
                .containsExactly("execute open", "execute open", "execute close");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
        verify(orders, never()).activate(anyLong(), anyLong());
    }

    @Test
    void aServiceDeletedWhileItsOpenBacksOffIsClosedAtOnceWithoutAnotherTry() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleTechnicalException("UNAVAILABLE", "down"),
                new ModuleOutcome.Completed(null));
        ProcessInstance pi = start();
        doubles.settle();
        ProcessInstance open = calledOpen(pi);
        assertThat(open).isWaitingAt(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN);

        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(open).as("the back-off ends with the deletion, not when its timer fires").isEnded()
                .hasPassed(ModuleOperationProcess.END_WITHDRAWN_WHILE_BACKING_OFF);
        assertThat(pi).isEnded().hasPassedInOrder("Task_CloseAfterDeletion", "Task_CancelPaidOrder",
                "EndEvent_DeletedBeforeActive");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
    }

    @Test
    void aServiceDeletedWhileItsOpenIsCalledIsClosedOnceTheCallFailsWithoutAnotherTry() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleTechnicalException("UNAVAILABLE", "down"),
                new ModuleOutcome.Completed(null));
        ProcessInstance pi = start();
        doubles.runExternalTasks();
        ProcessInstance open = calledOpen(pi);
        assertThat(open).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        events().deletionRequested(SERVICE_ID);
        assertThat(open).as("the call under way finishes first").isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        doubles.settle();

        assertThat(open).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_BEFORE_RETRY)
                .hasNotPassed(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN);
        assertThat(pi).isEnded().hasPassedInOrder("Task_CloseAfterDeletion", "Task_CancelPaidOrder",
                "EndEvent_DeletedBeforeActive");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
    }

    /**
     * A client who deleted the service while its open was under way asked for it to be gone: when the module then
     * rejects the open, what it made is closed and the service ends deleted and refunded (it ended FAILED, with an
     * "order failed" mail about a service its client had deleted).
     */
    @Test
    void aServiceDeletedWhileItsOpenIsCalledEndsDeletedWhenTheModuleRejectsTheOpen() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("Err_NoSpace", "no room on the cluster"));
        ProcessInstance pi = start();
        doubles.runExternalTasks();
        ProcessInstance open = calledOpen(pi);
        assertThat(open).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_OpenFailed", "Task_CloseWhatWasOpened",
                "Gateway_DeletedWhileFailing", "Task_CancelPaidOrder", "EndEvent_DeletedBeforeActive")
                .hasNotPassed("Task_FailOrder", "Task_NotifyOrderFailed");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        assertThat(notifications.templates()).containsExactly("order-cancelled-refunded");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
        verify(orders, never()).fail(anyLong(), anyLong());
    }

    /**
     * A deletion that withdraws an open before any module took the service (its module's connection check failed and
     * it backs off) has nothing to close: the order is cancelled and refunded at once (the close failed with "no
     * processing module yet", an incident, and the money stayed with the order).
     */
    @Test
    void aServiceDeletedBeforeAnyModuleTookItIsCancelledWithoutAClose() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        when(orders.moduleTookIt(SERVICE_ID)).thenReturn(false);
        doubles.module.answers("open", new ModuleTechnicalException("UNAVAILABLE", "down"),
                new ModuleOutcome.Completed(null));
        ProcessInstance pi = start();
        doubles.settle();
        ProcessInstance open = calledOpen(pi);
        assertThat(open).isWaitingAt(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN);

        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(open).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_WHILE_BACKING_OFF);
        assertThat(pi).isEnded().hasPassedInOrder("Gateway_ModuleTookItBeforeDeletion", "Task_CancelPaidOrder",
                "EndEvent_DeletedBeforeActive").hasNotPassed("Task_CloseAfterDeletion");
        assertThat(doubles.module.calls).containsExactly("execute open");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
    }

    /** The ModuleOperationProcess instance the order's Task_OpenInModule runs. */
    private ProcessInstance calledOpen(ProcessInstance pi) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId())
                .singleResult();
    }

    /** {@link ModuleOperationDoubles#settle()}, moving the clock past each retry back-off. */
    private void settleWithBackoffs() {
        for (int round = 0; round < 5; round++) {
            doubles.settle();
            ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofMinutes(1))));
        }
        doubles.settle();
    }

    @Test
    void anOrderCancelledWhileItsServiceIsSetUpAsksForItsServiceToBeLeftWhole() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Task_OpenInModule");

        engine.getRuntimeService().deleteProcessInstance(pi.getId(), "cancelled in Cockpit");

        verify(orders).endedUnfinished(SERVICE_ID, pi.getId());
        verify(orders, never()).activate(anyLong(), anyLong());
    }

    @Test
    void failsAndRefundsWhenNoModuleCanOpenTheService() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.selections(ModuleOperationDoubles.noneCanServe());

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(notifications.templates()).doesNotContain("service-ready").endsWith("order-failed");
        // no module took the service, so there is nothing to close: straight to the refund
        assertThat(pi).isEnded().hasPassedInOrder("Event_OpenFailed", "Gateway_AnythingCreated", "Task_FailOrder",
                "Task_NotifyOrderFailed", "EndEvent_OrderFailed").hasNotPassed("Task_CloseWhatWasOpened", "Task_ActivateService");
        assertThat(doubles.module.calls).isEmpty();
        verify(orders).fail(SERVICE_ID, ORDER_ID);
        assertThat(failedMail().params()).as("the mail says no server took it").containsEntry("noServerTookIt", true);
    }

    private NotificationRequest failedMail() {
        return notifications.sent().stream().filter(n -> n.template().equals("order-failed")).findFirst().orElseThrow();
    }

    @Test
    void aFailedOpenClosesWhatTheModuleCreatedBeforeRefunding() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("Err_UnknownOs", "no such OS"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_OpenFailed", "Task_CloseWhatWasOpened", "Task_FailOrder",
                "Task_NotifyOrderFailed", "EndEvent_OrderFailed");
        assertThat(notifications.templates()).endsWith("order-failed");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        verify(orders).fail(SERVICE_ID, ORDER_ID);
        verify(orders, never()).activate(anyLong(), anyLong());
        assertThat(failedMail().params()).as("a module took it: its set-up failed")
                .containsEntry("noServerTookIt", false);
    }

    /**
     * The close of what a failed open made is refused: the VM may still be in the module, so the admins are told (the
     * order failed and was refunded with nobody told of the VM left behind), and the order still fails and refunds.
     */
    @Test
    void theOrderFailsEvenWhenClosingWhatWasCreatedFailsAndTheAdminsAreTold() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("Err_UnknownOs", "no such OS"))
                .answers("close", new ModuleOutcome.Rejected("Err_VmManager", "locked"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_CompensationFailed", "Task_TellAdminsCloseFailed",
                "Gateway_DeletedWhileFailing", "Task_FailOrder", "Task_NotifyOrderFailed", "EndEvent_OrderFailed")
                .hasNotPassed("Task_CancelPaidOrder");
        assertThat(notifications.adminsToldOf()).containsExactly("close");
        assertThat(notifications.templates()).endsWith("order-failed");
        assertThat(failedMail().params()).as("the VM may be left: the client is told").containsEntry("closeFailed",
                true);
        verify(orders).fail(SERVICE_ID, ORDER_ID);
        verify(orders, never()).cancelAfterSetUp(anyLong(), anyLong());
    }

    /**
     * The client deleted the service while its open was called, the module rejected the open, and then refused to
     * close what it made: the admins are told, and the service still ends deleted and refunded, not failed.
     */
    @Test
    void aServiceDeletedWhileItsOpenFailsWhoseCloseIsRefusedEndsDeletedAndTheAdminsAreTold() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("Err_NoSpace", "no room on the cluster"))
                .answers("close", new ModuleOutcome.Rejected("Err_VmManager", "locked"));
        ProcessInstance pi = start();
        doubles.runExternalTasks();
        assertThat(calledOpen(pi)).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_CompensationFailed", "Task_TellAdminsCloseFailed",
                "Gateway_DeletedWhileFailing", "Task_CancelPaidOrder", "EndEvent_DeletedBeforeActive")
                .hasNotPassed("Task_FailOrder", "Task_NotifyOrderFailed");
        assertThat(notifications.adminsToldOf()).containsExactly("close");
        assertThat(notifications.templates()).doesNotContain("order-failed");
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
        verify(orders, never()).fail(anyLong(), anyLong());
    }

    /**
     * The close that follows a deletion during the open is refused: the VM may still be in the module, so the admins
     * are told (the service ended deleted and refunded with nobody told), and it still ends deleted and refunded.
     */
    @Test
    void aServiceDeletedWhileItIsSetUpWhoseCloseIsRefusedEndsDeletedAndTheAdminsAreTold() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("close", new ModuleOutcome.Rejected("Err_VmManager", "locked"));

        ProcessInstance pi = start();
        events().deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_OpenInModule", "Task_CloseAfterDeletion",
                "Event_CloseAfterDeletionFailed", "Task_TellAdminsCloseFailed", "Gateway_DeletedWhileFailing",
                "Task_CancelPaidOrder", "EndEvent_DeletedBeforeActive")
                .hasNotPassed("Task_ActivateService", "Task_FailOrder");
        assertThat(doubles.module.calls).containsExactly("execute open", "execute close");
        assertThat(notifications.adminsToldOf()).containsExactly("close");
        assertThat(notifications.sent()).as("the client hears the VM may be left").filteredOn(mail -> mail.template()
                .equals("order-cancelled-refunded")).singleElement().satisfies(mail -> assertThat(mail.params())
                        .containsEntry("closeFailed", true));
        verify(orders).cancelAfterSetUp(SERVICE_ID, ORDER_ID);
        verify(orders, never()).fail(anyLong(), anyLong());
    }

    @Test
    void aCloseThatSucceedsTellsTheAdminsNothing() {
        when(orders.payFromBalance(ORDER_ID)).thenReturn(true);
        doubles.module.answers("open", new ModuleOutcome.Rejected("Err_UnknownOs", "no such OS"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_CloseWhatWasOpened").hasNotPassed("Task_TellAdminsCloseFailed");
        assertThat(notifications.adminsToldOf()).isEmpty();
    }
}
