package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;

class ModuleCallResultVariablesTest {

    @ParameterizedTest(name = "{0} after {1} failures in a row: {2}")
    @CsvSource({
            "TECHNICAL_FAILURE, 0, 1",
            "TECHNICAL_FAILURE, 2, 3",
            // an open that cleans up after a failed poll answers pending: still the same row of failures
            "PENDING, 2, 2",
            "COMPLETED, 2, 0",
            "REJECTED, 2, 0",
            "MANUAL_WORK, 2, 0"})
    void onlyAnAnswerThatEndsTheCallEndsARowOfFailures(Kind kind, int before, int after) {
        assertThat(ModuleCallResultVariables.technicalFailures(kind, before)).isEqualTo(after);
    }

    @Test
    void aCompletedAnswerIsTransientWhenNothingStoredItBefore() {
        Map<String, Object> variables = ModuleCallResultVariables.of(completed(), Map.of(), false);

        assertThat(variables).containsOnlyKeys(ModuleOperationProcess.MODULE_OUTCOME,
                ModuleOperationProcess.DEPARTMENT_KEY, ModuleOperationProcess.MODULE_HANDLE,
                ModuleOperationProcess.TECHNICAL_FAILURES, ModuleOperationProcess.POLLS);
        assertThat(variables.values()).allSatisfy(value -> assertThat(value).isInstanceOfSatisfying(TypedValue.class,
                typed -> assertThat(typed.isTransient()).isTrue()));
        assertThat(((TypedValue) variables.get(ModuleOperationProcess.MODULE_OUTCOME)).getValue())
                .isEqualTo("COMPLETED");
    }

    @Test
    void aCompletedAnswerUpdatesWhatAnEarlierAnswerStored() {
        // a poll's answer after a pending call: the call stored its facts, the engine refuses to make them transient
        Map<String, Object> fetched = new HashMap<>();
        fetched.put(ModuleOperationProcess.MODULE_OUTCOME, "PENDING");
        fetched.put(ModuleOperationProcess.MODULE_HANDLE, "task-1");
        fetched.put(ModuleOperationProcess.POLLS, 2);

        Map<String, Object> variables = ModuleCallResultVariables.of(completed(), fetched, true);

        assertThat(variables).containsEntry(ModuleOperationProcess.MODULE_OUTCOME, "COMPLETED")
                .containsEntry(ModuleOperationProcess.MODULE_HANDLE, null)
                .containsEntry(ModuleOperationProcess.POLLS, 3);
        assertThat(variables.get(ModuleOperationProcess.DEPARTMENT_KEY)).isInstanceOfSatisfying(TypedValue.class,
                typed -> assertThat(typed.isTransient()).isTrue());
    }

    @Test
    void anAnswerThatLeadsToAWaitIsStored() {
        Map<String, Object> variables = ModuleCallResultVariables.of(new ModuleCallResult(Kind.PENDING, "task-7", null,
                null, "support"), Map.of(), false);

        assertThat(variables).containsEntry(ModuleOperationProcess.MODULE_OUTCOME, "PENDING")
                .containsEntry(ModuleOperationProcess.MODULE_HANDLE, "task-7")
                .containsEntry(ModuleOperationProcess.DEPARTMENT_KEY, "support")
                .containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, 0)
                .containsEntry(ModuleOperationProcess.POLLS, 0);
    }

    private static ModuleCallResult completed() {
        return new ModuleCallResult(Kind.COMPLETED, null, null, null, "support");
    }
}
