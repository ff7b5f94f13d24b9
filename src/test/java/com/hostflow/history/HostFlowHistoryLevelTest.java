package com.hostflow.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import com.hostflow.support.EmbeddedPostgresProcessEngineConfiguration;

/**
 * HostFlow's two history levels on real engines over the embedded PostgreSQL: one process that goes through everything
 * an audit may ask about (a module call by an external-task worker that fails once, a gateway, a DMN decision, an
 * incident, a department's user task claimed and completed by a logged-in user) runs once on each level, and the test
 * reads back what each kept. And: production runs the lean level, the test profile the full one.
 */
class HostFlowHistoryLevelTest {

    private static final String PROCESS = "HistoryLevelProbe";
    private static final String DECISION_XML = """
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Probe" name="probe"
                xmlns:camunda="http://camunda.org/schema/1.0/dmn" namespace="http://hostflow.com/test">
              <decision id="ProbePolicy" name="Probe policy" camunda:historyTimeToLive="P1D">
                <decisionTable id="Table_Probe" hitPolicy="FIRST">
                  <input id="Input_Polls" label="Polls"><inputExpression typeRef="integer"><text>polls</text>
                  </inputExpression></input>
                  <output id="Output_Policy" name="policy" typeRef="string" />
                  <rule id="Rule_Manual"><inputEntry><text>&gt;= 1</text></inputEntry>
                    <outputEntry><text>"MANUAL"</text></outputEntry></rule>
                  <rule id="Rule_Retry"><inputEntry><text>-</text></inputEntry>
                    <outputEntry><text>"RETRY"</text></outputEntry></rule>
                </decisionTable>
              </decision>
            </definitions>
            """;

    private static ProcessEngine lean;
    private static ProcessEngine full;

    @BeforeAll
    static void startEngines() {
        lean = engine(HostFlowHistoryLevel.LEAN);
        full = engine(HostFlowHistoryLevel.FULL);
    }

    @AfterAll
    static void closeEngines() {
        for (ProcessEngine engine : new ProcessEngine[] {lean, full}) {
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Test
    void productionRunsTheLeanLevelAndTheTestProfileTheFullOne() throws IOException {
        assertThat(setting("application.yml")).isEqualTo(HostFlowHistoryLevel.LEAN_NAME);
        assertThat(setting("application-demo.yml")).as("the demo runs what production runs").isNull();
        assertThat(setting("application-postgres.yml")).as("production's profile keeps the default").isNull();
        assertThat(setting("application-test.yml")).isEqualTo(HostFlowHistoryLevel.FULL_NAME);
        assertThat(HostFlowHistoryLevel.LEAN.getId()).as("a database switches levels without a migration")
                .isEqualTo(HostFlowHistoryLevel.FULL.getId()).isEqualTo(HistoryLevel.HISTORY_LEVEL_AUDIT.getId());
    }

    @Test
    void leanKeepsWhatCockpitTasklistAndAnAuditReadAndDropsThePath() {
        String instance = runProbe(lean);
        HistoryService history = lean.getHistoryService();

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult())
                .satisfies(ended -> {
                    assertThat(ended.getState()).isEqualTo("COMPLETED");
                    assertThat(ended.getBusinessKey()).isEqualTo("42");
                    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_Done");
                });
        assertThat(activities(history, instance)).as("of the path only the user task").containsExactly("Task_Decide");
        assertThat(variables(history, instance)).as("only the searched business ids").containsExactly("orderId");
        assertThat(history.createHistoricDetailQuery().processInstanceId(instance).count()).isZero();
        keepsTasksIncidentsOperationsDecisionsAndFailures(history, instance);
    }

    @Test
    void fullKeepsTheSameAndEveryActivityAndVariable() {
        String instance = runProbe(full);
        HistoryService history = full.getHistoryService();

        assertThat(activities(history, instance)).containsExactly("StartEvent_Probe", "Task_CallModule",
                "Gateway_Outcome", "Task_Policy", "Task_Decide", "EndEvent_Done");
        assertThat(variables(history, instance)).containsExactlyInAnyOrder("orderId", "serviceId", "polls", "policy");
        keepsTasksIncidentsOperationsDecisionsAndFailures(history, instance);
    }

    private static void keepsTasksIncidentsOperationsDecisionsAndFailures(HistoryService history, String instance) {
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instance).singleResult())
                .satisfies(task -> {
                    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_Decide");
                    assertThat(task.getAssignee()).isEqualTo("staff@example.com");
                    assertThat(task.getEndTime()).isNotNull();
                });
        assertThat(history.createHistoricIncidentQuery().processInstanceId(instance).list())
                .singleElement().satisfies(incident -> {
                    assertThat(incident.getIncidentType()).isEqualTo("failedModuleOperation");
                    assertThat(incident.getIncidentMessage()).isEqualTo("the module said no");
                    assertThat(incident.isOpen()).isFalse();
                    assertThat(incident.getEndTime()).isNotNull();
                });
        assertThat(history.createUserOperationLogQuery().processInstanceId(instance).list())
                .as("who did what in Tasklist").extracting(UserOperationLogEntry::getUserId,
                        UserOperationLogEntry::getOperationType)
                .contains(org.assertj.core.groups.Tuple.tuple("staff@example.com", "Claim"),
                        org.assertj.core.groups.Tuple.tuple("staff@example.com", "Complete"));
        assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(instance).includeOutputs().list())
                .singleElement().satisfies(decision -> assertThat(decision.getOutputs()).singleElement()
                        .satisfies(output -> assertThat(output.getValue()).isEqualTo("MANUAL")));
        assertThat(history.createHistoricExternalTaskLogQuery().processInstanceId(instance).list())
                .as("the module call's failure, not its creation or success").singleElement()
                .satisfies(log -> {
                    assertThat(log.isFailureLog()).isTrue();
                    assertThat(log.getErrorMessage()).isEqualTo("connection refused");
                });
        assertThat(history.createHistoricJobLogQuery().processInstanceId(instance).count())
                .as("no job log of the normal path (the decision ran in a job)").isZero();
    }

    /** One run through everything, with serviceId as business key as HostFlow's processes have it. */
    private static String runProbe(ProcessEngine engine) {
        RuntimeService runtime = engine.getRuntimeService();
        TaskService tasks = engine.getTaskService();
        ExternalTaskService externalTasks = engine.getExternalTaskService();
        String instance = runtime.startProcessInstanceByKey(PROCESS, "42",
                Map.of("orderId", 7L, "serviceId", 42L, "polls", 0)).getId();

        List<LockedExternalTask> call = externalTasks.fetchAndLock(1, "worker").topic("probe-module", 60_000)
                .execute();
        externalTasks.handleFailure(call.get(0).getId(), "worker", "connection refused", 1, 0);
        call = externalTasks.fetchAndLock(1, "worker").topic("probe-module", 60_000).execute();
        externalTasks.complete(call.get(0).getId(), "worker", Map.of("polls", 1));

        engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
                .processInstanceId(instance).singleResult().getId());
        Task decide = tasks.createTaskQuery().processInstanceId(instance).singleResult();
        Incident incident = runtime.createIncident("failedModuleOperation", decide.getExecutionId(), null,
                "the module said no");
        engine.getIdentityService().setAuthenticatedUserId("staff@example.com");
        try {
            tasks.claim(decide.getId(), "staff@example.com");
            runtime.resolveIncident(incident.getId());
            tasks.complete(decide.getId());
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        return instance;
    }

    private static ProcessEngine engine(HostFlowHistoryLevel level) {
        EmbeddedPostgresProcessEngineConfiguration configuration = new EmbeddedPostgresProcessEngineConfiguration();
        configuration.setProcessEngineName("history-level-" + level.getName());
        configuration.setJobExecutorActivate(false);
        configuration.setCustomHistoryLevels(List.of(level));
        configuration.setHistory(level.getName());
        ProcessEngine engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment()
                .addModelInstance("HistoryLevelProbe.bpmn", probe())
                .addString("ProbePolicy.dmn", DECISION_XML)
                .deploy();
        return engine;
    }

    private static BpmnModelInstance probe() {
        return Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Probe")
                .serviceTask("Task_CallModule").camundaExternalTask("probe-module")
                .exclusiveGateway("Gateway_Outcome")
                .condition("answered", "${polls > 0}")
                .businessRuleTask("Task_Policy").camundaAsyncBefore().camundaDecisionRef("ProbePolicy").camundaResultVariable("policy")
                .camundaMapDecisionResult("singleEntry")
                .userTask("Task_Decide").camundaCandidateGroups("support")
                .endEvent("EndEvent_Done")
                .moveToNode("Gateway_Outcome").condition("not answered", "${polls == 0}").endEvent("EndEvent_Never")
                .done();
    }

    private static List<String> activities(HistoryService history, String instance) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .orderPartiallyByOccurrence().asc().list().stream().map(HistoricActivityInstance::getActivityId)
                .toList();
    }

    private static List<String> variables(HistoryService history, String instance) {
        return history.createHistoricVariableInstanceQuery().processInstanceId(instance).list().stream()
                .map(HistoricVariableInstance::getName).toList();
    }

    private static Object setting(String file) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
        return sources.stream().map(source -> source.getProperty("camunda.bpm.history-level"))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
