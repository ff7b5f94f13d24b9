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

/** Every rule of the SyncDriftPolicy table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/SyncDriftPolicy.dmn")
class SyncDriftPolicyTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    @ParameterizedTest(name = "{0} while {1} ({2}), below paid {3} → {4}, rule {5}")
    @CsvSource({
            "STOPPED_WHILE_ACTIVE,    ACTIVE,    vds,   false, REPAIR,     Rule_StartStoppedVm",
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, REPAIR,     Rule_StopSuspendedVm",
            "RESOURCES_CHANGED,       ACTIVE,    vds,   true,  REPAIR,     Rule_GrowBackResources",
            "RESOURCES_CHANGED,       SUSPENDED, other, true,  REPAIR,     Rule_GrowBackResources",
            "RESOURCES_CHANGED,       ACTIVE,    vds,   false, DEPARTMENT, Rule_MoreThanPaidToDepartment",
            "GONE,                    ACTIVE,    vds,   false, DEPARTMENT, Rule_GoneToDepartment",
            "GONE,                    SUSPENDED, vds,   false, DEPARTMENT, Rule_GoneToDepartment",
            "STATE_UNKNOWN,           ACTIVE,    vds,   false, DEPARTMENT, Rule_OtherwiseDepartment",
            // a power state that does not fit the status the comparison gives cannot be repaired by a guess
            "STOPPED_WHILE_ACTIVE,    SUSPENDED, vds,   false, DEPARTMENT, Rule_OtherwiseDepartment",
            "RUNNING_WHILE_SUSPENDED, ACTIVE,    vds,   false, DEPARTMENT, Rule_OtherwiseDepartment"
    })
    void decides(String driftKind, String serviceStatus, String productType, boolean resourcesBelowPaid,
            String action, String rule) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("driftKind", driftKind);
        facts.put("serviceStatus", serviceStatus);
        facts.put("productType", productType);
        facts.put("resourcesBelowPaid", resourcesBelowPaid);

        DmnDecisionTableResult result = engine.getDecisionService()
                .evaluateDecisionTableByKey(ServiceSyncProcess.DECISION_DRIFT_POLICY, facts);

        assertThat(result.getSingleResult().getEntryMap()).containsEntry("driftAction", action);
        assertThat(engine.getHistoryService().createHistoricDecisionInstanceQuery().includeOutputs().list())
                .as("the matched rule").singleElement()
                .satisfies(decision -> assertThat(decision.getOutputs()).singleElement()
                        .satisfies(output -> assertThat(output.getRuleId()).isEqualTo(rule)));
    }
}
