package com.hostflow.lifecycle.suspension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hostflow.support.StandaloneEngine;

/** Every rule of the SuspensionTiming table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/SuspensionTiming.dmn")
class SuspensionTimingTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    @ParameterizedTest(name = "{0}, no weekends {1}, grace {2} → after {3} days, working day only {4}")
    @CsvSource({
            "ADMIN,   true,  3, 0, false",
            "ABUSE,   false, 0, 0, false",
            "BILLING, true,  0, 0, true",
            "BILLING, true,  3, 3, true",
            "BILLING, false, 2, 2, false",
            "BILLING, false, 0, 0, false"
    })
    void decides(String reason, boolean noSuspendOnWeekends, int graceDays, int delayDays, boolean workingDayOnly) {
        Map<String, Object> timing = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceSuspensionProcess.DECISION_TIMING, Map.of("reason", reason,
                        "noSuspendOnWeekends", noSuspendOnWeekends, "graceDays", graceDays))
                .getSingleResult().getEntryMap();

        assertThat(timing).containsEntry("delayDays", delayDays).containsEntry("workingDayOnly", workingDayOnly);
    }
}
