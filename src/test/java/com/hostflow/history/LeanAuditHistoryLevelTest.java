package com.hostflow.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.junit.jupiter.api.Test;

class LeanAuditHistoryLevelTest {

    private final LeanAuditHistoryLevel level = LeanAuditHistoryLevel.INSTANCE;

    @Test
    void gatewaysLeaveNoActivityInstanceOtherActivitiesDo() {
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.ACTIVITY_INSTANCE_START, at("exclusiveGateway")))
                .isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.ACTIVITY_INSTANCE_END, at("eventBasedGateway")))
                .isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.ACTIVITY_INSTANCE_START, at("serviceTask")))
                .isTrue();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.ACTIVITY_INSTANCE_END, at("noneEndEvent")))
                .isTrue();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.PROCESS_INSTANCE_START, at("startEvent")))
                .isTrue();
    }

    @Test
    void loopVariablesLeaveNoHistoricVariableBusinessOnesDo() {
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_CREATE, variable("polls")))
                .isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE,
                variable("moduleOutcome"))).isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_CREATE, variable("serviceId")))
                .isTrue();
    }

    @Test
    void keepsAuditsIdAndDecisionsAndNothingAuditLeavesOut() {
        assertThat(level.getId()).isEqualTo(AuditWithDecisionsHistoryLevel.INSTANCE.getId());
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.DMN_DECISION_EVALUATE, null)).isTrue();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.JOB_SUCCESS, null)).isFalse();
    }

    private static ExecutionEntity at(String type) {
        ActivityImpl activity = new ActivityImpl("Activity_" + type, null);
        activity.setProperty("type", type);
        ExecutionEntity execution = mock(ExecutionEntity.class);
        when(execution.getActivity()).thenReturn(activity);
        return execution;
    }

    private static VariableInstanceEntity variable(String name) {
        VariableInstanceEntity variable = mock(VariableInstanceEntity.class);
        when(variable.getName()).thenReturn(name);
        return variable;
    }
}
