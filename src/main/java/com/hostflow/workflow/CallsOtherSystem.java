package com.hostflow.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a delegate that calls another system (a processing module, a payment provider). The BPMN model check then
 * requires every task using it to be {@code asyncBefore} with a {@code failedJobRetryTimeCycle}, and the delegate
 * must be idempotent (the operation is recorded before the call).
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface CallsOtherSystem {
}
