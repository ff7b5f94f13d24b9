package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Which engine REST writes {@link EngineRestIdentityVariables} refuses, without a server: the variables a process finds
 * its rows by, named in the path or carried in a body to set or remove, and nothing a query or a start carries.
 * {@code TaskDataTamperingTest.adminsCannotRePointARunningProcessButEditItsOtherVariables} runs them on both copies.
 */
class EngineRestIdentityVariablesTest {

    @Test
    void aVariableNamedInThePathIsRefusedOnWritesOnly() {
        assertThat(EngineRestIdentityVariables.identityVariableNamed("PUT", "process-instance/1/variables/serviceId"))
                .isEqualTo("serviceId");
        assertThat(EngineRestIdentityVariables.identityVariableNamed("DELETE",
                "engine/default/execution/1/localVariables/operationKey")).isEqualTo("operationKey");
        assertThat(EngineRestIdentityVariables.identityVariableNamed("POST", "task/1/variables/orderId/data"))
                .isEqualTo("orderId");
        assertThat(EngineRestIdentityVariables.identityVariableNamed("GET", "process-instance/1/variables/serviceId"))
                .isNull();
        assertThat(EngineRestIdentityVariables.identityVariableNamed("PUT", "process-instance/1/variables/note"))
                .isNull();
    }

    @Test
    void aBodyThatSetsOrRemovesOneIsRefusedWhereverItCarriesIt() {
        assertThat(written("{\"modifications\":{\"note\":{\"value\":1},\"serviceId\":{\"value\":2}}}"))
                .isEqualTo("serviceId");
        assertThat(written("{\"deletions\":[\"note\",\"operation\"]}")).isEqualTo("operation");
        assertThat(written("{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"a\","
                + "\"variables\":{\"changeKey\":{\"value\":\"k\"}}}]}")).isEqualTo("changeKey");
        assertThat(written("{\"messageName\":\"m\",\"processVariablesLocal\":{\"driftId\":{\"value\":1}}}"))
                .isEqualTo("driftId");
        assertThat(written("{\"processInstanceIds\":[\"1\"],\"variables\":{\"notificationId\":{\"value\":1}}}"))
                .isEqualTo("notificationId");
    }

    @Test
    void queriesOtherVariablesAndStartsPass() {
        assertThat(written("{\"variables\":[{\"name\":\"serviceId\",\"operator\":\"eq\",\"value\":1}]}")).isNull();
        assertThat(written("{\"processVariables\":[{\"name\":\"serviceId\",\"operator\":\"eq\",\"value\":1}]}"))
                .isNull();
        assertThat(written("{\"modifications\":{\"note\":{\"value\":\"serviceId\"}},\"deletions\":[\"note\"]}"))
                .isNull();
        assertThat(written("{\"variables\":{\"note\":{\"value\":{\"serviceId\":1}}}}")).isNull();
        assertThat(written("{not json")).isNull();
        assertThat(EngineRestIdentityVariables.writesNoRunningProcess("process-definition/key/ServiceOrderProcess/start"))
                .isTrue();
        assertThat(EngineRestIdentityVariables.writesNoRunningProcess(
                "engine/default/decision-definition/key/ModuleFailurePolicy/evaluate")).isTrue();
        assertThat(EngineRestIdentityVariables.writesNoRunningProcess("process-instance/1/modification")).isFalse();
    }

    private static String written(String json) {
        return EngineRestIdentityVariables.identityVariableWritten(json.getBytes(StandardCharsets.UTF_8));
    }
}
