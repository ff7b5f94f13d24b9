package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class BillingSettingsTest {

    private static BillingSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("hostflow.billing", BillingSettings.class);
    }

    @Test
    void refundsUnusedWholeDaysByDefault() {
        assertThat(bind(Map.of()).refundPolicyFor("vds")).isEqualTo(RefundPolicy.UNUSED_WHOLE_DAYS);
    }

    @Test
    void aProductTypeMayRefundNothing() {
        BillingSettings settings = bind(Map.of("hostflow.billing.refund-on-delete-by-product-type.vds", "NONE"));

        assertThat(settings.refundPolicyFor("vds")).isEqualTo(RefundPolicy.NONE);
        assertThat(settings.refundPolicyFor("hosting")).isEqualTo(RefundPolicy.UNUSED_WHOLE_DAYS);
    }

    @Test
    void theDefaultCanChange() {
        assertThat(bind(Map.of("hostflow.billing.refund-on-delete", "NONE")).refundPolicyFor("vds"))
                .isEqualTo(RefundPolicy.NONE);
    }
}
