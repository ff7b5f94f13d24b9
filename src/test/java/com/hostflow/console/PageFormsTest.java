package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;

import com.hostflow.lifecycle.ConcurrentChanges;

import jakarta.validation.Validation;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A page's write that meets a concurrent change runs again, as the API's does, instead of an error page. */
class PageFormsTest {

    private final PageForms forms = new PageForms(Validation.buildDefaultValidatorFactory().getValidator(),
            new ConcurrentChanges());

    @Test
    void aWriteThatLostADeadlockRunsAgain() {
        AtomicInteger attempts = new AtomicInteger();
        FormErrors errors = FormErrors.none();

        Long done = forms.run(errors, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new PessimisticLockingFailureException("deadlock detected");
            }
            return 42L;
        });

        assertThat(done).isEqualTo(42L);
        assertThat(attempts).hasValue(3);
        assertThat(errors.any()).isFalse();
    }

    @Test
    void aWriteThatKeepsMeetingConcurrentChangesSaysToRetry() {
        AtomicInteger attempts = new AtomicInteger();
        FormErrors errors = FormErrors.none();

        Long done = forms.run(errors, () -> {
            attempts.incrementAndGet();
            throw new PessimisticLockingFailureException("deadlock detected");
        });

        assertThat(done).isNull();
        assertThat(attempts.get()).isGreaterThan(1);
        assertThat(errors.general()).singleElement().asString().contains("retry");
    }

    /** A form with several constraints on a field, as the console's forms have. */
    record Sample(@NotBlank @Size(min = 3) @Pattern(regexp = "[a-z]+") String name, @Min(1) Integer sortOrder,
            @Size(min = 2) @Pattern(regexp = "[A-Z]+") String code, @NotBlank @Size(max = 2) String note) {
    }

    /**
     * The constraints' problems in the form's order of fields, each field's messages in one fixed order, every time:
     * Hibernate Validator hands them over from a hash set, and the console listed them in its order (the API has
     * sorted them since {@code FormOrder}).
     */
    @Test
    void theConstraintsProblemsComeInTheFormsOrder() {
        FormErrors errors = FormErrors.none();

        Object written = forms.submit(new Sample(" ", 0, "1", "   "), errors, Function.identity());

        assertThat(written).isNull();
        assertThat(errors.unplaced()).containsExactly(
                "name: must match \"[a-z]+\"", "name: must not be blank", "name: size must be between 3 and 2147483647",
                "sortOrder: must be greater than or equal to 1",
                "code: must match \"[A-Z]+\"", "code: size must be between 2 and 2147483647",
                "note: must not be blank", "note: size must be between 0 and 2");
        assertThat(errors.asMap().keySet()).containsExactly("name", "sortOrder", "code", "note");
    }
}
