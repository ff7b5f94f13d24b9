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

/** Every rule of the SyncDriftPolicy table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/SyncDriftPolicy.dmn")
class SyncDriftPolicyTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    @ParameterizedTest(name = "{0} while {1} ({2}, for [{6}]), below paid {3} → {4}, rule {5}")
    @CsvSource(value = {
            "STOPPED_WHILE_ACTIVE,    ACTIVE,    vds,   false, REPAIR,     Rule_StartStoppedVm,           ''",
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, REPAIR,     Rule_StopSuspendedVm,          BILLING",
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, REPAIR,     Rule_StopSuspendedVm,          'ADMIN,ABUSE'",
            // paid, suspended only because its start was refused, and running after all: never stopped again
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, DEPARTMENT, Rule_RunningAfterRefusedStart, RESTART_FAILED",
            // with an unpaid period or an admin's reason as well it must not run
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, REPAIR,     Rule_StopSuspendedVm,  'BILLING,RESTART_FAILED'",
            "RUNNING_WHILE_SUSPENDED, SUSPENDED, vds,   false, REPAIR,     Rule_StopSuspendedVm,  'ADMIN,RESTART_FAILED'",
            "RESOURCES_CHANGED,       ACTIVE,    vds,   true,  REPAIR,     Rule_GrowBackResources,        ''",
            "RESOURCES_CHANGED,       SUSPENDED, other, true,  REPAIR,     Rule_GrowBackResources,        ADMIN",
            "RESOURCES_CHANGED,       ACTIVE,    vds,   false, DEPARTMENT, Rule_MoreThanPaidToDepartment, ''",
            "GONE,                    ACTIVE,    vds,   false, DEPARTMENT, Rule_GoneToDepartment,         ''",
            "GONE,                    SUSPENDED, vds,   false, DEPARTMENT, Rule_GoneToDepartment,         RESTART_FAILED",
            "STATE_UNKNOWN,           ACTIVE,    vds,   false, DEPARTMENT, Rule_OtherwiseDepartment,      ''",
            // a power state that does not fit the status the comparison gives cannot be repaired by a guess
            "STOPPED_WHILE_ACTIVE,    SUSPENDED, vds,   false, DEPARTMENT, Rule_OtherwiseDepartment,      ADMIN",
            "RUNNING_WHILE_SUSPENDED, ACTIVE,    vds,   false, DEPARTMENT, Rule_OtherwiseDepartment,      ''"
    }, emptyValue = "")
    void decides(String driftKind, String serviceStatus, String productType, boolean resourcesBelowPaid,
            String action, String rule, String suspensionReasons) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("driftKind", driftKind);
        facts.put("serviceStatus", serviceStatus);
        facts.put("suspensionReasons", suspensionReasons);
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
