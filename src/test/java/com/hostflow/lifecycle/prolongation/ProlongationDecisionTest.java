package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of the ProlongationDecision table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/ProlongationDecision.dmn")
class ProlongationDecisionTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @ParameterizedTest(name = "deletion pending {0}, asked {1}, trial {2}, {3} → {4}, unpaid {5}")
    @CsvSource({
            "false, true,  false, ACTIVE,    CHARGE, SUSPEND",
            "true,  true,  false, ACTIVE,    CHARGE, SUSPEND",
            "true,  false, false, ACTIVE,    SKIP,   SUSPEND",
            "true,  false, true,  SUSPENDED, SKIP,   SUSPEND",
            "false, false, true,  ACTIVE,    CHARGE, SUSPEND",
            "false, false, false, ACTIVE,    CHARGE, SUSPEND",
            "false, false, false, SUSPENDED, CHARGE, SUSPEND"
    })
    void decides(boolean deletionPending, boolean requested, boolean trial, String status, String action,
            String onUnpaid) {
        Map<String, Object> decision = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceProlongationProcess.DECISION_PROLONGATION, Map.of(
                        "deletionPending", deletionPending, "requested", requested, "trial", trial, "status", status))
                .getSingleResult().getEntryMap();

        assertThat(decision).containsEntry("action", action).containsEntry("onUnpaid", onUnpaid);
    }
}
