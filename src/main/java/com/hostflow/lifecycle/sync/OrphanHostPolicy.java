package com.hostflow.lifecycle.sync;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * The OrphanHostPolicy table ({@code processes/OrphanHostPolicy.dmn}), asked from Java for each host of the orphan
 * report that HostFlow made for a service: DELETE_TWIN or REPORT. Asked in the transaction that writes the report, so
 * Cockpit's Decisions shows every evaluation; a table that matches nothing reports the host (nothing is deleted on a
 * guess).
 */
@Component
class OrphanHostPolicy {

    static final String DECISION = "OrphanHostPolicy";
    static final String DELETE_TWIN = "DELETE_TWIN";
    static final String REPORT = "REPORT";

    private final DecisionService decisions;

    OrphanHostPolicy(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** The facts of one host made for a service, as the table reads them. */
    record Facts(String serviceStatus, boolean openKeyOfService, boolean serviceOnAnotherHost) {
    }

    String decide(Facts facts) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("serviceStatus", facts.serviceStatus());
        variables.put("openKeyOfService", facts.openKeyOfService());
        variables.put("serviceOnAnotherHost", facts.serviceOnAnotherHost());
        DmnDecisionRuleResult result = decisions.evaluateDecisionTableByKey(DECISION, variables).getSingleResult();
        Object action = result == null ? null : result.getEntryMap().get("orphanAction");
        return DELETE_TWIN.equals(action) ? DELETE_TWIN : REPORT;
    }
}
