package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hostflow.support.StandaloneEngine;

/** Every rule of the ProlongationDecision table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/ProlongationDecision.dmn")
class ProlongationDecisionTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    /** Rule_RequestedWhileDeletionWaits's reason, which the API answers 409 with ({id}: the service's id). */
    static final String DELETION_WAITS = "it is to be deleted at the end of its paid period; the deletion can be"
            + " withdrawn first: DELETE /api/v1/services/{id}/deletion";
    /** Rule_RequestedWhileDeleting's: a deletion under way (an admin's now, a period's end passed) is not withdrawn. */
    static final String DELETION_UNDER_WAY = "it is being deleted now; a deletion under way cannot be withdrawn";

    @ParameterizedTest(name = "deletion pending {0}, waits {1}, asked {2}, trial {3}, {4} → {5}, unpaid {6}, reason {7}")
    @CsvSource(nullValues = "-", value = {
            "true,  true,  true,  false, ACTIVE,    REFUSE, SUSPEND, " + DELETION_WAITS,
            "true,  true,  true,  true,  SUSPENDED, REFUSE, SUSPEND, " + DELETION_WAITS,
            "true,  false, true,  false, ACTIVE,    REFUSE, SUSPEND, " + DELETION_UNDER_WAY,
            "true,  false, true,  false, SUSPENDED, REFUSE, SUSPEND, " + DELETION_UNDER_WAY,
            "false, false, true,  false, ACTIVE,    CHARGE, SUSPEND, -",
            "false, false, true,  true,  SUSPENDED, CHARGE, SUSPEND, -",
            "true,  true,  false, false, ACTIVE,    SKIP,   SUSPEND, -",
            "true,  false, false, true,  SUSPENDED, SKIP,   SUSPEND, -",
            "false, false, false, true,  ACTIVE,    CHARGE, SUSPEND, -",
            "false, false, false, false, ACTIVE,    CHARGE, SUSPEND, -",
            "false, false, false, false, SUSPENDED, CHARGE, SUSPEND, -"
    })
    void decides(boolean deletionPending, boolean deletionWaits, boolean requested, boolean trial, String status,
            String action, String onUnpaid, String reason) {
        Map<String, Object> decision = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceProlongationProcess.DECISION_PROLONGATION, Map.of(
                        "deletionPending", deletionPending, "deletionWaits", deletionWaits, "requested", requested,
                        "trial", trial, "status", status))
                .getSingleResult().getEntryMap();

        assertThat(decision).containsEntry("action", action).containsEntry("onUnpaid", onUnpaid);
        assertThat(decision.get("reason")).as("reason (an empty cell gives none)").isEqualTo(reason);
    }
}
