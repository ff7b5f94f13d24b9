package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * Cockpit on production's lean history level: an admin logged in to Cockpit finds, through the engine REST API
 * Cockpit (and HostFlow's Services page) reads, the ended order and module operation of a service that became ACTIVE
 * (how each ended is kept too: {@code endActivityId}, which engine REST does not show), the order's id among the kept
 * variables, and Cockpit's Decisions and historic incident lists answer. What the lean level keeps of incidents,
 * user tasks, decisions and the user operation log is shown in detail by HostFlowHistoryLevelTest.
 */
@IsolatedIntegrationTest
class LeanHistoryCockpitTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final String ENGINE = "isolated";

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ProcessEngineConfigurationImpl engine;
    @Autowired
    HistoryService history;
    @LocalServerPort
    int port;

    @Test
    void anAdminFindsTheEndedProcessesOfAServiceAndHowTheyEnded() {
        assertThat(engine.getHistoryLevel().getName()).isEqualTo(HostFlowHistoryLevel.LEAN_NAME);
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "100.00");
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        long serviceId = order.get("serviceId").asLong();
        api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE, every process ended",
                s -> "ACTIVE".equals(s.get("status").asText()) && runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0, Duration.ofMinutes(2));

        Cockpit cockpit = new Cockpit(http);
        assertThat(cockpit.login(ADMIN)).isEqualTo(HttpStatus.OK.value());
        List<JsonNode> instances = list(cockpit.get("/history/process-instance?processInstanceBusinessKey="
                + serviceId + "&sortBy=startTime&sortOrder=asc"));

        assertThat(instances).extracting(i -> i.get("processDefinitionKey").asText(), i -> i.get("state").asText())
                .containsExactly(tuple("ServiceOrderProcess", "COMPLETED"),
                        tuple("ModuleOperationProcess", "COMPLETED"));
        String orderInstanceId = instances.get(0).get("id").asText();
        assertThat(instances.get(1).get("superProcessInstanceId").asText()).as("the operation below its order")
                .isEqualTo(orderInstanceId);
        // how each ended: kept, though engine REST does not show it (Java API, SQL)
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .orderByProcessInstanceStartTime().asc().list()).extracting(HistoricProcessInstance::getEndActivityId)
                .containsExactly("EndEvent_ServiceActive", "EndEvent_OperationCompleted");

        assertThat(list(cockpit.get("/history/variable-instance?processInstanceId=" + orderInstanceId)))
                .extracting(v -> v.get("name").asText() + "=" + v.get("value").asText())
                .containsExactly("orderId=" + order.get("orderId").asText());
        assertThat(list(cockpit.get("/history/activity-instance?processInstanceId=" + orderInstanceId)))
                .as("no user task on this path, so no activity instance").isEmpty();
        assertThat(cockpit.get("/history/decision-instance/count").get("count").asLong())
                .as("Cockpit's Decisions answers").isNotNegative();
        assertThat(cockpit.get("/history/incident/count?processInstanceId=" + orderInstanceId).get("count").asLong())
                .isZero();
    }

    private static List<JsonNode> list(JsonNode array) {
        assertThat(array.isArray()).as("%s", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /** A browser-like Cockpit session on this context's engine: its cookies and the CSRF token. */
    private static final class Cockpit {

        private final TestRestTemplate http;
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private String token;

        Cockpit(TestRestTemplate http) {
            this.http = http;
            exchange(HttpMethod.GET, "/camunda/app/cockpit/" + ENGINE + "/", null, null);
        }

        int login(Login login) {
            ResponseEntity<String> answer = exchange(HttpMethod.POST, "/camunda/api/admin/auth/user/" + ENGINE
                    + "/login/cockpit", "username=" + login.username() + "&password=" + login.password(),
                    MediaType.APPLICATION_FORM_URLENCODED);
            exchange(HttpMethod.GET, "/camunda/api/admin/auth/user/" + ENGINE, null, null);
            return answer.getStatusCode().value();
        }

        JsonNode get(String enginePath) {
            ResponseEntity<String> answer = exchange(HttpMethod.GET, "/camunda/api/engine/engine/" + ENGINE
                    + enginePath, null, null);
            assertThat(answer.getStatusCode().value()).as("%s: %s", enginePath, answer.getBody()).isEqualTo(200);
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.getBody());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(enginePath + " answered no JSON: " + answer.getBody(), e);
            }
        }

        private ResponseEntity<String> exchange(HttpMethod method, String path, String body, MediaType type) {
            HttpHeaders headers = new HttpHeaders();
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
            if (type != null) {
                headers.setContentType(type);
            }
            cookies.forEach((name, value) -> headers.add(HttpHeaders.COOKIE, name + "=" + value));
            if (token != null) {
                headers.set("X-XSRF-TOKEN", token);
            }
            ResponseEntity<String> answer = http.exchange(path, method, new HttpEntity<>(body, headers),
                    String.class);
            answer.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).forEach(cookie -> {
                String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
                cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
            });
            String handedOut = answer.getHeaders().getFirst("X-XSRF-TOKEN");
            if (handedOut != null && !"Required".equals(handedOut)) {
                token = handedOut;
            }
            return answer;
        }
    }
}
