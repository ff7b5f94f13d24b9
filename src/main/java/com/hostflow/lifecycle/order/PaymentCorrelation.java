package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.PaymentReceived;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/**
 * Wakes what waits for a client's money once a payment is committed: each unpaid order correlates
 * {@code Msg_PaymentReceived} by its service id (its process tries to pay from the balance again), and each service
 * suspended for BILLING gets a prolongation, which resumes it when the balance covers a period. Runs after
 * the payment's commit, each order in a new transaction of its own, so one failing order does not hold up another.
 */
@Component
class PaymentCorrelation {

    private static final Logger log = LoggerFactory.getLogger(PaymentCorrelation.class);

    private final ServiceOrders orders;
    private final ServiceProlongations prolongations;
    private final RuntimeService runtime;
    private final TransactionTemplate newTransaction;

    PaymentCorrelation(ServiceOrders orders, ServiceProlongations prolongations, RuntimeService runtime,
            PlatformTransactionManager transactions) {
        this.orders = orders;
        this.prolongations = prolongations;
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
        try {
            newTransaction.executeWithoutResult(tx -> prolongations.prolongSuspendedOnPayment(payment.clientId()));
        } catch (RuntimeException e) {
            log.warn("payment {} could not prolong the suspended services of client {}", payment.paymentId(),
                    payment.clientId(), e);
        }
    }
}
