package com.hostflow.catalog;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Every setting of a product type: trial policy, expense splitting, no suspension on weekends, auto-deletion period,
 * grace days before a BILLING suspension (0 when left out),
 * client deletion rules, order periods, content (resources) and parameters. {@code code} is needed to create one;
 * on update it may be left out but must not differ from the path.
 */
public record ProductTypeForm(
        @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
        @NotBlank @Size(max = 200) String name,
        @NotNull TrialPolicy trialPolicy,
        Boolean splitExpensesByMonth,
        Boolean noSuspendOnWeekends,
        @NotNull @PositiveOrZero Integer autoDeletionDays,
        @PositiveOrZero @Max(365) Integer suspensionGraceDays,
        @NotNull ClientDeletion clientDeletion,
        @NotNull OnClientDelete onClientDelete,
        @NotEmpty Set<Period> orderPeriods,
        @Valid List<Resource> resources,
        @Valid List<Parameter> parameters) {

    static final String CODE = "[a-z][a-z0-9_-]*";
    static final String CODE_MESSAGE = "lower-case letters, digits, '-' and '_', starting with a letter";

    public record Resource(
            @NotBlank @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 32) String unit) {
    }

    public record Parameter(
            @NotBlank @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @NotBlank @Size(max = 200) String name,
            Boolean required) {
    }
}
