package com.hostflow.lifecycle.order;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A client's order of one new service; its first period is charged under the key {@code order-<id>}. */
@Entity
@Table(name = "service_order")
public class ServiceOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private long clientId;

    @Column(nullable = false)
    private long serviceId;

    @Column(nullable = false)
    private BigDecimal amount;

    @Column(nullable = false)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ServiceOrder() {
    }

    ServiceOrder(long clientId, long serviceId, BigDecimal amount, String currency, Instant now) {
        this.clientId = clientId;
        this.serviceId = serviceId;
        this.amount = amount;
        this.currency = currency;
        this.status = OrderStatus.AWAITING_PAYMENT;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void changeStatus(OrderStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    String chargeKey() {
        return "order-" + id;
    }

    public Long getId() {
        return id;
    }

    public long getClientId() {
        return clientId;
    }

    public long getServiceId() {
        return serviceId;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
