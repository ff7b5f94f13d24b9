package com.hostflow.common.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A list's {@code page} parameter: 0 to {@link #MAX}. Past it, page × size no longer fits the int offset JPA takes
 * ({@code ?page=2147483647} failed with a 500, "Page offset exceeds Integer.MAX_VALUE"); it is 400 naming {@code page}.
 */
@Min(0)
@Max(PageNumber.MAX)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PageNumber {

    /** Times the largest page size of any list (1000), still below Integer.MAX_VALUE. */
    int MAX = 1_000_000;

    String message() default "must be between 0 and " + MAX;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
