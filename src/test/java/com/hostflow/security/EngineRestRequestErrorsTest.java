package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;

/**
 * Engine REST calls of staff and admins that name something nothing waits for: the engine REST's own error shape with
 * a 4xx and a message, never the engine's 500.
 */
@IntegrationTest
class EngineRestRequestErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;
    @Autowired
    RepositoryService repository;

    SecurityFixtures f;

    @BeforeEach
    void users() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void conditionsNoProcessStartsOnAnswer400() throws Exception {
        String definition = repository.createProcessDefinitionQuery().latestVersion().list().get(0).getId();
        for (TestRestTemplate caller : callers()) {
            for (String body : List.of("{\"variables\":{\"hostflowNothingWaits\":{\"value\":1,\"type\":\"Integer\"}}}",
                    "{}", "{\"businessKey\":\"x\",\"variables\":{}}",
                    "{\"processDefinitionId\":\"" + definition + "\",\"variables\":{}}")) {
                ResponseEntity<String> answer = caller.exchange("/engine-rest/condition", HttpMethod.POST, json(body),
                        String.class);

                assertEngineRestError(answer, 400, body);
                assertThat(JSON.readTree(answer.getBody()).path("message").asText()).as(body)
                        .containsAnyOf("No subscriptions", "does not declare conditional start event");
            }
        }
    }

    /** The engine REST's own answer (a RestException naming the engine's exception class in its message). */
    @Test
    void aMessageNothingWaitsForAnswers400() throws Exception {
        for (TestRestTemplate caller : callers()) {
            ResponseEntity<String> answer = caller.exchange("/engine-rest/message", HttpMethod.POST,
                    json("{\"messageName\":\"hostflow-no-such-message\"}"), String.class);

            assertEngineRestError(answer, 400, "message");
        }
    }

    /** The engine REST's own check: "No signal name given". */
    @Test
    void aSignalWithoutABodyAnswers400() throws Exception {
        for (TestRestTemplate caller : callers()) {
            for (HttpEntity<String> request : List.of(json(null), json(""), json("{}"))) {
                ResponseEntity<String> answer = caller.exchange("/engine-rest/signal", HttpMethod.POST, request,
                        String.class);

                assertEngineRestError(answer, 400, "signal " + request.getBody());
            }
        }
    }

    private List<TestRestTemplate> callers() {
        return List.of(http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD),
                http.withBasicAuth(f.staffUser, SecurityFixtures.PASSWORD));
    }

    private static void assertEngineRestError(ResponseEntity<String> answer, int status, String what)
            throws Exception {
        assertThat(answer.getStatusCode().value()).as(what + " " + answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).as(what).isNotNull();
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).as(what)
                .isTrue();
        JsonNode error = JSON.readTree(answer.getBody());
        assertThat(error.path("type").asText()).as(what).isNotBlank().isNotEqualTo("ProcessEngineException");
        assertThat(error.path("message").asText()).as(what).isNotBlank();
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
