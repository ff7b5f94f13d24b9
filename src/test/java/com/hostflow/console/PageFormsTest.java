package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;

import com.hostflow.lifecycle.ConcurrentChanges;

import jakarta.validation.Validation;

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
}
