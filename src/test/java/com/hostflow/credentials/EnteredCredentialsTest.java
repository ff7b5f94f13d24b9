package com.hostflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.security.SecretLeakCheck;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * Credentials entered in a department task's form (the manual module): they reach the encrypted store, and the
 * passwords are nowhere in the engine afterwards — no runtime variable, no history, though the form set them as
 * variables when it was submitted. The history filter lets every other variable through.
 */
@IntegrationTest
class EnteredCredentialsTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    FormService forms;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @LocalServerPort
    int port;

    @Test
    void whatStaffEnterGoesToTheStoreAndLeavesNoTraceInTheEngine() {
        repository.createDeployment().name("enter-credentials-test").enableDuplicateFiltering(true)
                .addClasspathResource("credentials/EnterCredentialsTestProcess.bpmn").deploy();
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("byhand", 0);
        long serviceId = vps.order(client);
        String password = "Typed-Panel-" + vps.unique;
        String rootPassword = "Typed-Root-" + vps.unique;
        String instance = runtime.startProcessInstanceByKey("EnterCredentialsTestProcess",
                Map.of("serviceId", serviceId)).getId();

        forms.submitTaskForm(tasks.createTaskQuery().processInstanceId(instance).singleResult().getId(), Map.of(
                "externalId", "box-17", EnteredCredentials.LOGIN, "root-" + vps.unique,
                EnteredCredentials.PASSWORD, password, EnteredCredentials.ROOT_PASSWORD, rootPassword,
                EnteredCredentials.PANEL_URL, "https://panel.box17.example"));

        JsonNode stored = vps.as(client.email()).getForObject("/api/v1/services/" + serviceId + "/credentials",
                JsonNode.class);
        assertThat(stored.get("login").asText()).isEqualTo("root-" + vps.unique);
        assertThat(stored.get("password").asText()).isEqualTo(password);
        assertThat(stored.get("rootPassword").asText()).isEqualTo(rootPassword);
        assertThat(stored.get("panelUrl").asText()).isEqualTo("https://panel.box17.example");

        SecretLeakCheck engine = new SecretLeakCheck(runtime, history, management);
        assertThat(engine.placesInTheEngine(password)).isEmpty();
        assertThat(engine.placesInTheEngine(rootPassword)).isEmpty();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance).list())
                .extracting(v -> v.getName()).contains("serviceId", "externalId")
                .doesNotContain(EnteredCredentials.PASSWORD, EnteredCredentials.ROOT_PASSWORD);
    }
}
