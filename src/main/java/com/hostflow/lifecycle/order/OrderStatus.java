package com.hostflow.lifecycle.order;

/** Where an order is: waiting for money, paid and being provisioned, done, cancelled unpaid, or failed. */
public enum OrderStatus {
    AWAITING_PAYMENT, PAID, COMPLETED, CANCELLED, FAILED
}
