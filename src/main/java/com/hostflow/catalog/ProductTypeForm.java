package com.hostflow.catalog;

import java.util.List;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Every setting of a product type: trial policy, expense splitting, no suspension on weekends, auto-deletion period,
 * grace days before a BILLING suspension (0 when left out),
 * client deletion rules, order periods, content (resources), parameters, and the days before the end of the paid
 * period on which the client is reminded (default 3 and 1 for a new product type, unchanged on an update that leaves
 * them out; an empty list: no reminders). {@code code} is needed to create one;
 * on update it may be left out but must not differ from the path.
 *
 * <p>{@code orderPeriods} is a list, not a set, so that a {@code null} in it is answered 400 naming its index
 * ({@code orderPeriods[1]}); a period named twice counts once.
 */
public record ProductTypeForm(
        @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
        @NotBlank @VisibleText @Size(max = 200) String name,
        @NotNull TrialPolicy trialPolicy,
        Boolean splitExpensesByMonth,
        Boolean noSuspendOnWeekends,
        @NotNull @PositiveOrZero @Max(MAX_AUTO_DELETION_DAYS) Integer autoDeletionDays,
        @PositiveOrZero @Max(365) Integer suspensionGraceDays,
        @NotNull ClientDeletion clientDeletion,
        @NotNull OnClientDelete onClientDelete,
        @NotEmpty List<@NotNull Period> orderPeriods,
        @Size(max = MAX_ROWS) List<@NotNull @Valid Resource> resources,
        @Size(max = MAX_ROWS) List<@NotNull @Valid Parameter> parameters,
        @Size(max = 5) List<@NotNull @Min(1) @Max(90) Integer> expiryReminderDays) {

    /**
     * A form without grace days or reminder days: a new product type gets no grace and the default reminders, a
     * changed one keeps its own reminders.
     */
    public ProductTypeForm(String code, String name, TrialPolicy trialPolicy, Boolean splitExpensesByMonth,
            Boolean noSuspendOnWeekends, Integer autoDeletionDays, ClientDeletion clientDeletion,
            OnClientDelete onClientDelete, List<Period> orderPeriods, List<Resource> resources,
            List<Parameter> parameters) {
        this(code, name, trialPolicy, splitExpensesByMonth, noSuspendOnWeekends, autoDeletionDays, null,
                clientDeletion, onClientDelete, orderPeriods, resources, parameters, null);
    }

    /** What the product type is now, with other parameters: to change those alone. */
    public static ProductTypeForm of(ProductTypeView type, List<Parameter> parameters) {
        return new ProductTypeForm(type.code(), type.name(), type.trialPolicy(), type.splitExpensesByMonth(),
                type.noSuspendOnWeekends(), type.autoDeletionDays(), type.suspensionGraceDays(), type.clientDeletion(),
                type.onClientDelete(), List.copyOf(type.orderPeriods()),
                type.resources().stream().map(r -> new Resource(r.code(), r.name(), r.unit())).toList(), parameters,
                type.expiryReminderDays());
    }

    /**
     * The auto-deletion of a service suspended for non-payment is a timer this many days after the suspension:
     * 2,147,483,647 days were taken, a due date PostgreSQL cannot store (year 5,881,637).
     */
    public static final int MAX_AUTO_DELETION_DAYS = 3650;

    /** Reminders before the paid period ends when a new product type names none: three days and one day before. */
    public static final List<Integer> DEFAULT_REMINDER_DAYS = List.of(3, 1);

    /**
     * Resources or parameters of one product type: 20,000 were taken, and every tariff, order form and add-on list of
     * the product type then carried them all.
     */
    public static final int MAX_ROWS = 100;

    static final String CODE = "[a-z][a-z0-9_-]*";
    static final String CODE_MESSAGE = "lower-case letters, digits, '-' and '_', starting with a letter";

    public record Resource(
            @NotBlank @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @NotBlank @VisibleText @Size(max = 200) String name,
            @NotBlank @VisibleText @Size(max = 32) String unit) {
    }

    /** {@code choices}: the values an order may name (the OS images, say); left out or empty, any text. */
    public record Parameter(
            @NotBlank @Size(max = 32) @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @NotBlank @VisibleText @Size(max = 200) String name,
            Boolean required,
            @Size(max = MAX_ROWS) List<@NotBlank @VisibleText @Size(max = MAX_CHOICE_LENGTH) String> choices) {
    }

    /** An order's parameter value may have this many characters (its column's size), so may a choice. */
    public static final int MAX_CHOICE_LENGTH = 255;
}
