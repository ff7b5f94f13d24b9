package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hostflow.support.StandaloneEngine;

/** Every rule of the ModuleFailurePolicy table that analysts edit, as deployed on the engine. */
@Deployment(resources = "processes/ModuleFailurePolicy.dmn")
class ModuleFailurePolicyTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    @ParameterizedTest(name = "{0} failing with {1} → {2}")
    @CsvSource({
            "sync,     UNAVAILABLE,     FAIL",
            "sync,     AUTH_FAILED,     FAIL",
            "open,     AUTH_FAILED,     MANUAL",
            "close,    NOT_CONFIGURED,  MANUAL",
            "resume,   NOT_IMPLEMENTED, MANUAL",
            "open,     UNAVAILABLE,     RETRY_WHEN_ANSWERING",
            "setparam, TIMEOUT,         RETRY_LATER",
            "suspend,  UNAVAILABLE,     RETRY_WHEN_ANSWERING",
            "resume,   TIMEOUT,         RETRY_LATER",
            "close,    UNAVAILABLE,     RETRY_WHEN_ANSWERING",
            "open,     UNREACHABLE,     RETRY_WHEN_ANSWERING",
            "open,     NO_MODULE_REACHABLE, RETRY_WHEN_ANSWERING",
            "suspend,  REMOTE_ERROR,    RETRY_LATER",
            "close,    REMOTE_ERROR,    RETRY_LATER",
            "open,     RATE_LIMITED,    RETRY_LATER",
            "resume,   UNREACHABLE,     RETRY_WHEN_ANSWERING",
            "open,     MALFORMED_ANSWER, MANUAL",
            "open,     VM_LOCKED,       MANUAL",
            "setparam, SOMETHING_NEW,   MANUAL",
            "reset_password, UNAVAILABLE, RETRY_WHEN_ANSWERING",
            "reset_password, TASK_FAILED, MANUAL"
    })
    void decides(String operation, String errorCode, String policy) {
        Object decided = engine.getDecisionService()
                .evaluateDecisionTableByKey(ModuleOperationProcess.DECISION_FAILURE_POLICY,
                        Map.of("operation", operation, "errorCode", errorCode))
                .getSingleEntry();

        assertThat(decided).isEqualTo(policy);
    }
}
