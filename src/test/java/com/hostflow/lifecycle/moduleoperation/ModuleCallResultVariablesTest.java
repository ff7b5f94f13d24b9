package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;

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
}
