package com.hostflow.notifications;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.hostflow.billing.PaymentReceived;

/**
 * "Payment received" is the one notification outside the models: a payment is recorded by {@code PaymentService} in
 * one transaction, not by a process (a process per payment only to send a mail would cost jobs and history for
 * nothing). Listening before the commit puts the outbox row into the payment's own transaction: no payment without
 * its mail, no mail for a payment that rolled back, and a repeated {@code externalId} (no event) sends nothing.
 */
@Component
class PaymentNotifications {

    static final String TEMPLATE = "payment-received";

    private final Notifications notifications;

    PaymentNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void onPayment(PaymentReceived payment) {
        notifications.enqueue(new NotificationRequest("payment-" + payment.paymentId(), TEMPLATE,
                payment.clientId(), null, null, Map.of("amount", payment.amount(), "paymentId", payment.paymentId())));
    }
}
