package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;

/**
 * A variable every path sets is missing only when another transaction ended the instance meanwhile: a lost race, run
 * again like one ({@link ConcurrentChanges}), not a NullPointerException. Seen in
 * {@code DeletionWithdrawalApiTest.aWithdrawalMeetingThePeriodsEnd…}: the deletion's timer job read the service id of
 * a deletion the withdrawal had just ended.
 */
class ProcessVariablesTest {

    @Test
    void aNumberIsReadAsALong() {
        assertThat(ProcessVariables.requiredLong(scope(Map.of("serviceId", 42)), "serviceId")).isEqualTo(42L);
        assertThat(ProcessVariables.requiredLong(scope(Map.of("serviceId", 7_000_000_000L)), "serviceId"))
                .isEqualTo(7_000_000_000L);
    }

    @Test
    void aVariableGoneWithItsInstanceIsAConcurrentChange() {
        assertThatThrownBy(() -> ProcessVariables.requiredLong(scope(Map.of()), "serviceId"))
                .isInstanceOf(OptimisticLockingException.class).hasMessageContaining("'serviceId'")
                .satisfies(failure -> assertThat(ConcurrentChanges.isConcurrentChange(failure)).isTrue());
    }

    @Test
    void aVariableOfAnotherTypeIsABug() {
        assertThatThrownBy(() -> ProcessVariables.requiredLong(scope(Map.of("serviceId", "42")), "serviceId"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("String")
                .satisfies(failure -> assertThat(ConcurrentChanges.isConcurrentChange(failure)).isFalse());
    }

    private static VariableScope scope(Map<String, Object> variables) {
        return (VariableScope) Proxy.newProxyInstance(VariableScope.class.getClassLoader(),
                new Class<?>[] {VariableScope.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getVariable") && args.length == 1) {
                        return variables.get(args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
