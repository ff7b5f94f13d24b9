package com.hostflow.billing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records committed {@link PaymentReceived} events the way the lifecycle listens to them. */
@Component
class PaymentEventsRecorder {

    final List<PaymentReceived> received = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void on(PaymentReceived event) {
        received.add(event);
    }
}
