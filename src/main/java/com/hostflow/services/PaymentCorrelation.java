package com.hostflow.services;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.PaymentReceived;
import com.hostflow.workflow.ServiceOrderProcess;

/**
 * Wakes the orders of a client that wait for money once a payment is committed: each correlates
 * {@code Msg_PaymentReceived} by its service id, and its process tries to pay from the balance again. Runs after
 * the payment's commit, each order in a new transaction of its own, so one failing order does not hold up another.
 */
@Component
class PaymentCorrelation {

    private static final Logger log = LoggerFactory.getLogger(PaymentCorrelation.class);

    private final ServiceOrders orders;
    private final RuntimeService runtime;
    private final TransactionTemplate newTransaction;

    PaymentCorrelation(ServiceOrders orders, RuntimeService runtime, PlatformTransactionManager transactions) {
        this.orders = orders;
        this.runtime = runtime;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void onPayment(PaymentReceived payment) {
        var waiting = newTransaction.execute(tx -> orders.awaitingPayment(payment.clientId()));
        for (ServiceOrder order : waiting) {
            try {
                newTransaction.executeWithoutResult(tx -> runtime
                        .createMessageCorrelation(ServiceOrderProcess.MESSAGE_PAYMENT_RECEIVED)
                        .processInstanceBusinessKey(Long.toString(order.getServiceId()))
                        .correlateAll());
            } catch (RuntimeException e) {
                log.warn("payment {} could not wake order {}", payment.paymentId(), order.getId(), e);
            }
        }
    }
}
