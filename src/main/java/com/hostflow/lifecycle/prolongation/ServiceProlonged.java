package com.hostflow.lifecycle.prolongation;

import java.math.BigDecimal;

/**
 * A prolongation charged the service's next period (or the periods it ran behind, and the next): published inside
 * the charge's transaction, once per prolongation however many periods it charged. {@code firstChargeKey} names the
 * prolongation for good (the key of its first charge), {@code amount} is what it charged in all.
 */
public record ServiceProlonged(long serviceId, String firstChargeKey, BigDecimal amount) {

    ServiceProlonged andCharged(BigDecimal more) {
        return new ServiceProlonged(serviceId, firstChargeKey, amount.add(more));
    }
}
