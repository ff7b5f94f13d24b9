package com.hostflow.console;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.Period;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.KeyUsedForAnotherRequest;
import com.hostflow.common.web.IdempotencyKeyHeader;
import com.hostflow.common.web.IntegrityViolation;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.PreconditionFailedException;
import com.hostflow.common.web.RemoteCallFailedException;
import com.hostflow.common.web.StrictNumbers;
import com.hostflow.common.web.TooManyAttemptsException;
import com.hostflow.lifecycle.ConcurrentChanges;

import jakarta.validation.Validator;

/**
 * Runs a page's write through the same application service the REST API calls, with the same checks: the API form's
 * bean-validation constraints first (as {@code @Valid} does for the API), then the service's own rules. Every
 * refusal lands in the form's {@link FormErrors}: field problems beside their fields, conflicts, business rules and a
 * module that failed the request as a message of the whole form. A write that meets a concurrent change of the same
 * service (a payment, a job of its process) runs again as the API's does ({@link ConcurrentChanges}); if it keeps
 * meeting one, the form says to retry.
 */
@Component
public class PageForms {

    private static final Logger LOG = LoggerFactory.getLogger(PageForms.class);

    /** A form filled before someone else saved the same entry ({@link ReadVersion}). */
    static final String STALE = "Someone else saved this since you opened it, so your change was not saved."
            + " Open it again to see their change, then make yours.";

    /**
     * A page's one-time key that came with other values before: the form was sent, brought back (the browser's Back
     * button keeps its key) and sent again changed. The API's words name a header and a new key, which no page user
     * has to give.
     */
    public static final String SENT_BEFORE = "This form was sent before with other values (a page brought back with"
            + " the Back button of the browser keeps its one-time key), so nothing was done now. Open the page again to"
            + " make a new request.";

    private final Validator validator;
    private final ConcurrentChanges concurrentChanges;

    PageForms(Validator validator, ConcurrentChanges concurrentChanges) {
        this.validator = validator;
        this.concurrentChanges = concurrentChanges;
    }

    /** Answers the service's result, or {@code null} when the errors now hold why it was refused. */
    public <F, R> R submit(F apiForm, FormErrors errors, java.util.function.Function<F, R> write) {
        return submit(apiForm, errors, f -> { }, write);
    }

    /**
     * As {@link #submit(Object, FormErrors, java.util.function.Function)}, and when the form's bean constraints refuse
     * it, the service's own checks of the input ({@code inputChecks}, writing nothing) add what they find about the
     * other fields: one submit shows every field's problem (a blank name hid a bad image URL until it was fixed).
     */
    public <F, R> R submit(F apiForm, FormErrors errors, Consumer<F> inputChecks,
            java.util.function.Function<F, R> write) {
        errors.addViolations(validator.validate(apiForm));
        if (errors.any()) {
            try {
                inputChecks.accept(apiForm);
            } catch (InvalidInputException e) {
                errors.addToOtherFields(e);
            } catch (RuntimeException e) {
                // the checks expect input their bean constraints passed; what they trip on here, those refuse already
                LOG.debug("input checks of a form its bean constraints refused", e);
            }
            return null;
        }
        return run(errors, () -> write.apply(apiForm));
    }

    /** Runs an action whose input needs no bean validation; {@code null} when refused. */
    public <R> R run(FormErrors errors, Supplier<R> action) {
        try {
            return concurrentChanges.retry(action);
        } catch (InvalidInputException e) {
            errors.add(e);
        } catch (KeyUsedForAnotherRequest e) {
            errors.general(SENT_BEFORE);
        } catch (ConflictException | BusinessRuleException | TooManyAttemptsException | RemoteCallFailedException e) {
            errors.general(e.getMessage());
        } catch (PreconditionFailedException e) {
            errors.general(STALE);
        } catch (DataIntegrityViolationException e) {
            IntegrityViolation violation = IntegrityViolation.of(e);
            // a value out of range or too long in the API's words (its 400); a duplicate or a row still in use (its
            // 409) as before
            errors.general(violation.isBadInput() ? violation.message() : IntegrityViolation.explained(e)
                    .orElse("The change conflicts with existing data (a duplicate, or still in use)."));
        }
        return null;
    }

    /**
     * Money typed into a form: blank is absent; anything but plain decimal notation ({@link StrictNumbers}) is a field
     * problem named {@code field.KEY}. A comma was read as the decimal point, so {@code 1,000} priced 1.00.
     */
    public static Map<Period, BigDecimal> prices(Map<String, String> typed, String field, FormErrors errors) {
        Map<Period, BigDecimal> prices = new EnumMap<>(Period.class);
        if (typed == null) {
            return prices;
        }
        typed.forEach((period, text) -> {
            if (text == null || text.isBlank()) {
                return;
            }
            try {
                prices.put(Period.valueOf(period), StrictNumbers.plainDecimal(text));
            } catch (NumberFormatException e) {
                errors.add(field + "." + period, StrictNumbers.AMOUNT);
            } catch (IllegalArgumentException e) {
                errors.add(field + "." + period, "unknown period");
            }
        });
        return prices;
    }

    /** An amount a page put in a hidden field: absent is none, anything but a number that field's problem. */
    public static BigDecimal shownAmount(String field, String value, FormErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return StrictNumbers.plainDecimal(value);
        } catch (NumberFormatException e) {
            errors.add(field, StrictNumbers.AMOUNT);
            return null;
        }
    }

    /**
     * A page's one-time key from its hidden field, sent on as the request's Idempotency-Key: absent is none, a key
     * the header could not carry that field's problem (it was named "Idempotency-Key", a field no form has).
     */
    public static String requestKey(String field, String value, FormErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String problem = IdempotencyKeyHeader.problem(value);
        if (problem != null) {
            errors.add(field, problem);
            return null;
        }
        return value;
    }

    /** The typed prices back as text, for a form shown again. */
    public static Map<String, String> typed(Map<Period, BigDecimal> prices) {
        Map<String, String> typed = new java.util.LinkedHashMap<>();
        prices.forEach((period, amount) -> typed.put(period.name(), amount.toPlainString()));
        return typed;
    }
}
