package com.hostflow.lifecycle.prolongation;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * The ProlongationDecision table, asked from Java: a client's or admin's request is answered by the same table the
 * process decides by, so an analyst who edits it changes what the API accepts. The facts are the ones
 * Task_ReadProlongationFacts reports.
 */
@Component
public class ProlongationDecisions {

    /** The table's action that refuses a request; the reason says why. */
    static final String REFUSE = "REFUSE";

    private final DecisionService decisions;

    ProlongationDecisions(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** What the table says; {@code reason} is set when it refuses. */
    public record Decision(String action, String onUnpaid, String reason) {

        public boolean refused() {
            return REFUSE.equals(action);
        }
    }

    public Decision decide(ServiceProlongations.Facts facts, boolean requested) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ServiceProlongationProcess.DELETION_PENDING, facts.deletionPending());
        variables.put(ServiceProlongationProcess.DELETION_WAITS, facts.deletionWaits());
        variables.put(ServiceProlongationProcess.REQUESTED, requested);
        variables.put(ServiceProlongationProcess.TRIAL, facts.trial());
        variables.put(ServiceProlongationProcess.STATUS, facts.status());
        DmnDecisionRuleResult result = decisions
                .evaluateDecisionTableByKey(ServiceProlongationProcess.DECISION_PROLONGATION, variables)
                .getSingleResult();
        if (result == null) {
            // no rule matched: the process would fail on it too, so the request is not taken
            throw new IllegalStateException("no rule of " + ServiceProlongationProcess.DECISION_PROLONGATION
                    + " matches " + variables);
        }
        // an empty cell gives no entry at all (getEntry fails on it)
        Map<String, Object> entries = result.getEntryMap();
        return new Decision((String) entries.get("action"), (String) entries.get("onUnpaid"),
                (String) entries.get("reason"));
    }
}
