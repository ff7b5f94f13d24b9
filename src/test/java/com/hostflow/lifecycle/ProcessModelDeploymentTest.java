package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.ProcessModelDeployment.ModelFile;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.support.StandaloneEngine;

class ProcessModelDeploymentTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    private RepositoryService repository() {
        return engine.getRepositoryService();
    }

    @AfterEach
    void removeDeployments() {
        repository().createDeploymentQuery().deploymentName(ProcessModelDeployment.DEPLOYMENT_NAME).list()
                .forEach(d -> repository().deleteDeployment(d.getId(), true));
    }

    /** A model with fixed ids, so the same arguments give the same XML (the fluent builder makes random ids). */
    private static ModelFile model(String key, String name) {
        return new ModelFile("processes/" + key + ".bpmn", Bpmn.convertToString(
                Bpmn.createExecutableProcess(key).name(name).camundaHistoryTimeToLive(1)
                        .startEvent("StartEvent_Probe").endEvent("EndEvent_Probe").done()));
    }

    private List<ProcessDefinition> versions(String key) {
        return repository().createProcessDefinitionQuery().processDefinitionKey(key).list();
    }

    @Test
    void deployingTheSameModelsTwiceKeepsOneVersion() {
        List<ModelFile> models = List.of(model("DeployProbeA", "A"), model("DeployProbeB", "B"));

        assertThat(ProcessModelDeployment.deployChanged(repository(), models)).isEqualTo(2);
        assertThat(ProcessModelDeployment.deployChanged(repository(), models)).isZero();

        assertThat(versions("DeployProbeA")).hasSize(1);
        assertThat(versions("DeployProbeB")).hasSize(1);
        assertThat(repository().createDeploymentQuery().deploymentName(ProcessModelDeployment.DEPLOYMENT_NAME)
                .count()).isEqualTo(1);
    }

    @Test
    void aChangedModelBecomesANewVersionAndTheOthersStay() {
        ModelFile unchanged = model("DeployProbeB", "B");
        ProcessModelDeployment.deployChanged(repository(), List.of(model("DeployProbeA", "A"), unchanged));

        int deployed = ProcessModelDeployment.deployChanged(repository(),
                List.of(model("DeployProbeA", "A changed by an analyst"), unchanged));

        assertThat(deployed).isEqualTo(1);
        ProcessDefinition latestA = repository().createProcessDefinitionQuery().processDefinitionKey("DeployProbeA")
                .latestVersion().singleResult();
        assertThat(latestA.getVersion()).isEqualTo(2);
        assertThat(latestA.getName()).isEqualTo("A changed by an analyst");
        assertThat(versions("DeployProbeB")).singleElement()
                .extracting(ProcessDefinition::getVersion).isEqualTo(1);
    }

    @Test
    void findsTheModelsOfTheProcessesFolderOnTheClasspath() {
        assertThat(ProcessModelDeployment.modelsOnClasspath()).extracting(ModelFile::name)
                .contains("processes/ModuleOperationProcess.bpmn", "processes/ModuleFailurePolicy.dmn")
                .allMatch(name -> name.startsWith("processes/"));
    }

    /**
     * The path tests' engine is configured under a name of its own: ProcessEngines.init(), which the engine REST API
     * of every Spring context calls, builds an engine from every camunda.cfg.xml on the class path.
     */
    @Test
    void noEngineConfigurationOnTheClassPathIsBuiltBesideTheApplicationsEngine() {
        ClassLoader classes = ProcessModelDeploymentTest.class.getClassLoader();

        assertThat(classes.getResource("camunda.cfg.xml")).as("an engine ProcessEngines.init() would build").isNull();
        assertThat(classes.getResource(StandaloneEngine.CONFIGURATION)).isNotNull();
        assertThat(engine.getProcessEngine().getName()).isEqualTo("standalone-process-tests");
    }
}
