package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.hostflow.lifecycle.ProcessModelDeployment.ModelFile;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.support.IntegrationTest;

/**
 * Every model in {@code processes/} against the house rules, with the delegates checked against the beans of the
 * running application; and the models are what the engine runs.
 */
@IntegrationTest
class ProcessModelsTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    RepositoryService repository;

    private final List<ModelFile> models = ProcessModelDeployment.modelsOnClasspath();

    @Test
    void everyBpmnFileKeepsTheHouseRules() {
        Set<String> topics = context.getBeansOfType(ExternalTaskHandler.class).values().stream()
                .map(ExternalTaskHandler::topic).collect(Collectors.toSet());
        BpmnModelRules rules = new BpmnModelRules(name -> context.containsBean(name) ? context.getType(name) : null,
                topics);
        List<String> problems = new ArrayList<>();

        models.stream().filter(m -> m.name().endsWith(".bpmn"))
                .forEach(model -> problems.addAll(rules.check(model.name(), model.content())));

        assertThat(models).anyMatch(m -> m.name().endsWith(".bpmn"));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDecisionHasAHistoryTimeToLive() {
        models.stream().filter(m -> m.name().endsWith(".dmn")).forEach(model -> Dmn.readModelFromStream(
                new ByteArrayInputStream(model.content().getBytes(StandardCharsets.UTF_8)))
                .getModelElementsByType(Decision.class)
                .forEach(decision -> assertThat(decision.getCamundaHistoryTimeToLiveString())
                        .as(model.name() + " " + decision.getId()).isNotBlank()));
    }

    @Test
    void theEngineRunsTheModelsOfTheProcessesFolderOnly() {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(ModuleOperationProcess.KEY)
                .latestVersion().singleResult().getResourceName())
                .isEqualTo("processes/ModuleOperationProcess.bpmn");
        assertThat(repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(ModuleOperationProcess.DECISION_FAILURE_POLICY).count()).isEqualTo(1);
        assertThat(repository.createDeploymentQuery().deploymentName("SpringAutoDeployment").count()).isZero();
    }
}
