package com.hostflow.catalog;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.hostflow.common.web.Versioned;

public record ProductTypeView(
        String code,
        String name,
        TrialPolicy trialPolicy,
        boolean splitExpensesByMonth,
        boolean noSuspendOnWeekends,
        int autoDeletionDays,
        int suspensionGraceDays,
        ClientDeletion clientDeletion,
        OnClientDelete onClientDelete,
        Set<Period> orderPeriods,
        List<Resource> resources,
        List<Parameter> parameters,
        List<Integer> expiryReminderDays,
        @JsonIgnore long version) implements Versioned {

    public record Resource(String code, String name, String unit) {
    }

    /** {@code choices}: the values an order may name; left out of the JSON when any text goes. */
    public record Parameter(String code, String name, boolean required,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> choices) {
    }

    static ProductTypeView of(ProductType p) {
        return new ProductTypeView(p.getCode(), p.getName(), p.getTrialPolicy(), p.isSplitExpensesByMonth(),
                p.isNoSuspendOnWeekends(), p.getAutoDeletionDays(), p.getSuspensionGraceDays(), p.getClientDeletion(), p.getOnClientDelete(),
                new TreeSet<>(p.getOrderPeriods()),
                p.getResources().stream().map(r -> new Resource(r.getCode(), r.getName(), r.getUnit())).toList(),
                p.getParameters().stream().map(x -> new Parameter(x.getCode(), x.getName(), x.isRequired(),
                        x.getChoices())).toList(),
                p.getExpiryReminderDays(), p.getVersion());
    }
}
