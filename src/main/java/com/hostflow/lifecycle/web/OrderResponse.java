package com.hostflow.lifecycle.web;

import java.math.BigDecimal;
import java.time.Instant;

import com.hostflow.lifecycle.order.OrderStatus;
import com.hostflow.lifecycle.order.ServiceOrder;

/** An order: its service, the amount of its first period, and whether it is paid yet. */
public record OrderResponse(long orderId, long serviceId, long clientId, BigDecimal amount, String currency,
        OrderStatus status, Instant createdAt) {

    static OrderResponse of(ServiceOrder order) {
        return new OrderResponse(order.getId(), order.getServiceId(), order.getClientId(), order.getAmount(),
                order.getCurrency(), order.getStatus(), order.getCreatedAt());
    }
}
