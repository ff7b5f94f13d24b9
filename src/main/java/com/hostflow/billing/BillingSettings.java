package com.hostflow.billing;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hostflow.billing.*}: what a client gets back when a service is deleted at once. The default is
 * {@code UNUSED_WHOLE_DAYS}; a product type may differ, e.g.
 * {@code hostflow.billing.refund-on-delete-by-product-type.vds: NONE}.
 */
@ConfigurationProperties("hostflow.billing")
public record BillingSettings(
        @DefaultValue("UNUSED_WHOLE_DAYS") RefundPolicy refundOnDelete,
        Map<String, RefundPolicy> refundOnDeleteByProductType) {

    public RefundPolicy refundPolicyFor(String productType) {
        if (refundOnDeleteByProductType != null && productType != null) {
            return refundOnDeleteByProductType.getOrDefault(productType, refundOnDelete);
        }
        return refundOnDelete;
    }
}
