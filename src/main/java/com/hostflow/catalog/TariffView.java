package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

public record TariffView(
        long id,
        String productType,
        long providerId,
        Long groupId,
        String name,
        boolean active,
        List<Long> processingModuleIds,
        String template,
        boolean createAllAddons,
        String defaultDomainTemplate,
        Map<Period, BigDecimal> prices,
        int trialDays,
        List<Addon> addons,
        @JsonIgnore long version) implements Versioned {

    public record Addon(String resource, long included, long min, long max, long step,
            Map<Period, BigDecimal> prices) {
    }

    static TariffView of(TariffPlan t) {
        return new TariffView(t.getId(), t.getProductType().getCode(), t.getProvider().getId(),
                t.getGroup() == null ? null : t.getGroup().getId(), t.getName(), t.isActive(),
                t.getProcessingModules().stream().map(ProcessingModule::getId).sorted().toList(),
                t.getTemplate(), t.isCreateAllAddons(), t.getDefaultDomainTemplate(), sorted(t.getPrices()),
                t.getTrialDays(),
                t.getAddons().stream().map(a -> new Addon(a.getResource(), a.getIncluded(), a.getMin(), a.getMax(),
                        a.getStep(), sorted(a.getPrices()))).toList(), t.getVersion());
    }

    private static Map<Period, BigDecimal> sorted(Map<Period, BigDecimal> prices) {
        Map<Period, BigDecimal> copy = new EnumMap<>(Period.class);
        copy.putAll(prices);
        return copy;
    }
}
