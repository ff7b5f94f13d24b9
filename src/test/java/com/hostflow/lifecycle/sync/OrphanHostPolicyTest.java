package com.hostflow.lifecycle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hostflow.support.StandaloneEngine;

/** Every rule of the OrphanHostPolicy table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/OrphanHostPolicy.dmn")
class OrphanHostPolicyTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    @ParameterizedTest(name = "{0}, its open's key {1}, on another host {2} → {3}, rule {4}")
    @CsvSource({
            "ACTIVE,    true,  true,  DELETE_TWIN, Rule_DeleteTwinOfLiveService",
            "SUSPENDED, true,  true,  DELETE_TWIN, Rule_DeleteTwinOfLiveService",
            // named like the service by hand, or with a key the journal never recorded for it
            "ACTIVE,    false, true,  REPORT,      Rule_OtherwiseReport",
            // the service's own host is not listed: this one may be the only copy left
            "ACTIVE,    true,  false, REPORT,      Rule_OtherwiseReport",
            "SUSPENDED, true,  false, REPORT,      Rule_OtherwiseReport",
            "DELETED,   true,  false, REPORT,      Rule_LeftByEndedServiceReported",
            "FAILED,    true,  false, REPORT,      Rule_LeftByEndedServiceReported",
            "DELETED,   true,  true,  REPORT,      Rule_LeftByEndedServiceReported"
    })
    void decides(String serviceStatus, boolean openKeyOfService, boolean serviceOnAnotherHost, String action,
            String rule) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("serviceStatus", serviceStatus);
        facts.put("openKeyOfService", openKeyOfService);
        facts.put("serviceOnAnotherHost", serviceOnAnotherHost);

        DmnDecisionTableResult result = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceSyncProcess.DECISION_ORPHAN_HOST_POLICY, facts);

        assertThat(result.getSingleResult().getEntryMap()).containsEntry("orphanAction", action);
        assertThat(engine.getHistoryService().createHistoricDecisionInstanceQuery().includeOutputs().list())
                .as("the matched rule").singleElement()
                .satisfies(decision -> assertThat(decision.getOutputs()).singleElement()
                        .satisfies(output -> assertThat(output.getRuleId()).isEqualTo(rule)));
    }
}
