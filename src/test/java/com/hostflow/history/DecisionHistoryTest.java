package com.hostflow.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.hostflow.support.IntegrationTest;

/**
 * The history level {@code audit-with-decisions} (the test profile's; production's lean level keeps decisions alike,
 * see HostFlowHistoryLevelTest): each evaluation of {@code ModuleFailurePolicy} is kept with its inputs, output and
 * removal time, while a process instance records no more than {@code audit} does.
 */
@IntegrationTest
class DecisionHistoryTest {

    private static final String DECISION = "ModuleFailurePolicy";
    private static final Duration DECISION_TTL = Duration.ofDays(30);

    @Autowired
    DecisionService decisionService;

    @Autowired
    HistoryService historyService;

    @Autowired
    RepositoryService repositoryService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    ProcessEngineConfigurationImpl engineConfiguration;

    @Autowired
    Clock clock;

    @Test
    void theEngineRunsTheDecisionKeepingLevel() {
        assertThat(engineConfiguration.getHistoryLevel().getName()).isEqualTo(HostFlowHistoryLevel.FULL_NAME);
    }

    @Test
    void aStandaloneEvaluationIsKeptWithInputsOutputAndTimeToLive() {
        String operation = "open";
        String errorCode = "TIMEOUT-" + UUID.randomUUID();
        Date before = Date.from(clock.instant().minusSeconds(1));

        String policy = decisionService.evaluateDecisionTableByKey(DECISION,
                Variables.putValue("operation", operation).putValue("errorCode", errorCode)).getSingleEntry();

        assertThat(policy).isEqualTo("MANUAL");
        HistoricDecisionInstance kept = evaluationWithErrorCode(errorCode,
                historyService.createHistoricDecisionInstanceQuery().decisionDefinitionKey(DECISION)
                        .evaluatedAfter(before).includeInputs().includeOutputs().list());
        assertThat(inputs(kept)).containsEntry("Operation", operation).containsEntry("Error code", errorCode);
        assertThat(kept.getOutputs()).extracting(HistoricDecisionOutputInstance::getVariableName,
                HistoricDecisionOutputInstance::getValue).containsExactly(tuple("failurePolicy", "MANUAL"));
        assertThat(kept.getRemovalTime()).as("removed %s after the evaluation", DECISION_TTL)
                .isEqualTo(Date.from(kept.getEvaluationTime().toInstant().plus(DECISION_TTL)));
    }

    @Test
    void anEvaluationInAProcessIsKeptAndTheProcessRecordsOnlyWhatAuditRecords() {
        String key = "DecisionHistoryTest";
        Deployment deployment = repositoryService.createDeployment().name("decision history test")
                .addModelInstance(key + ".bpmn", decidingProcess(key)).deploy();
        try {
            String errorCode = "TIMEOUT";
            String instanceId = runtimeService.startProcessInstanceByKey(key, "service-" + UUID.randomUUID(),
                    Map.of("operation", "open", "errorCode", errorCode)).getId();
            runtimeService.setVariable(instanceId, "note", "first");
            runtimeService.setVariable(instanceId, "note", "second");

            HistoricDecisionInstance kept = historyService.createHistoricDecisionInstanceQuery()
                    .processInstanceId(instanceId).includeInputs().includeOutputs().singleResult();
            assertThat(kept.getDecisionDefinitionKey()).isEqualTo(DECISION);
            assertThat(kept.getActivityId()).isEqualTo("Task_Decide");
            assertThat(inputs(kept)).containsEntry("Operation", "open").containsEntry("Error code", errorCode);
            assertThat(kept.getOutputs()).extracting(HistoricDecisionOutputInstance::getValue)
                    .containsExactly("RETRY_LATER");
            assertThat(runtimeService.getVariable(instanceId, "failurePolicy")).isEqualTo("RETRY_LATER");

            // what audit keeps: the instance, its activities, the last value of each variable
            assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).count())
                    .isOne();
            assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId).count())
                    .isEqualTo(3);
            assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instanceId)
                    .variableName("note").singleResult().getValue()).isEqualTo("second");
            // HostFlow's levels keep who may work a user task (the department task's candidate group)
            assertThat(historyService.createHistoricIdentityLinkLogQuery().processDefinitionKey(key).list())
                    .singleElement().satisfies(link -> assertThat(link.getType()).isEqualTo("candidate"));
            // what only full would add: every variable update, job logs
            assertThat(historyService.createHistoricDetailQuery().processInstanceId(instanceId).count()).isZero();
            assertThat(historyService.createHistoricJobLogQuery().processInstanceId(instanceId).count()).isZero();
            assertThat(historyService.createUserOperationLogQuery().processInstanceId(instanceId).count()).isZero();
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    /** The policy decided by a business rule task, then a department task that keeps the instance running. */
    private static BpmnModelInstance decidingProcess(String key) {
        return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
                .startEvent()
                .businessRuleTask("Task_Decide").camundaDecisionRef(DECISION).camundaResultVariable("failurePolicy")
                .camundaMapDecisionResult("singleEntry")
                .userTask("Task_Handle").camundaCandidateGroups("support")
                .endEvent().done();
    }

    private static HistoricDecisionInstance evaluationWithErrorCode(String errorCode,
            List<HistoricDecisionInstance> evaluations) {
        return evaluations.stream().filter(e -> errorCode.equals(inputs(e).get("Error code"))).findFirst()
                .orElseThrow(() -> new AssertionError("no evaluation with errorCode " + errorCode + " in "
                        + evaluations.size()));
    }

    /** Input values by the labels of the table's input columns. */
    private static Map<String, Object> inputs(HistoricDecisionInstance evaluation) {
        return evaluation.getInputs().stream().collect(Collectors.toMap(
                HistoricDecisionInputInstance::getClauseName, i -> i.getValue() == null ? "" : i.getValue()));
    }
}
