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

    /** Rule_RequestedWhileDeleting's reason, which the API answers 409 with ({id}: the service's id). */
    static final String DELETION_ON_RECORD = "it is to be deleted; a deletion that still waits for the end of the"
            + " paid period can be withdrawn first: DELETE /api/v1/services/{id}/deletion";

    @ParameterizedTest(name = "deletion pending {0}, asked {1}, trial {2}, {3} → {4}, unpaid {5}, reason {6}")
    @CsvSource(nullValues = "-", value = {
            "true,  true,  false, ACTIVE,    REFUSE, SUSPEND, " + DELETION_ON_RECORD,
            "true,  true,  true,  SUSPENDED, REFUSE, SUSPEND, " + DELETION_ON_RECORD,
            "false, true,  false, ACTIVE,    CHARGE, SUSPEND, -",
            "false, true,  true,  SUSPENDED, CHARGE, SUSPEND, -",
            "true,  false, false, ACTIVE,    SKIP,   SUSPEND, -",
            "true,  false, true,  SUSPENDED, SKIP,   SUSPEND, -",
            "false, false, true,  ACTIVE,    CHARGE, SUSPEND, -",
            "false, false, false, ACTIVE,    CHARGE, SUSPEND, -",
            "false, false, false, SUSPENDED, CHARGE, SUSPEND, -"
    })
    void decides(boolean deletionPending, boolean requested, boolean trial, String status, String action,
            String onUnpaid, String reason) {
        Map<String, Object> decision = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceProlongationProcess.DECISION_PROLONGATION, Map.of(
                        "deletionPending", deletionPending, "requested", requested, "trial", trial, "status", status))
                .getSingleResult().getEntryMap();

        assertThat(decision).containsEntry("action", action).containsEntry("onUnpaid", onUnpaid);
        assertThat(decision.get("reason")).as("reason (an empty cell gives none)").isEqualTo(reason);
    }
}
