package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

/** Talks to the simulated VMmanager 6 as its own administrator would, e.g. to add an administrator account. */
public final class SimulatorAdmin {

    private static final String BASE = "/simulator/vmmanager6";

    private SimulatorAdmin() {
    }

    /** A second VMmanager administrator, so a module can use a password of the test's choosing. */
    public static void createAdministrator(TestRestTemplate http, String email, String password) {
        JsonNode token = http.postForObject(BASE + "/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "secret"), JsonNode.class);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        headers.set("x-xsrf-token", token.get("token").asText());
        ResponseEntity<JsonNode> created = http.exchange(BASE + "/vm/v3/account", HttpMethod.POST,
                new HttpEntity<>(Map.of("email", email, "password", password, "role", "@admin"), headers),
                JsonNode.class);
        assertThat(created.getStatusCode().is2xxSuccessful()).as("%s", created).isTrue();
    }

    /** A list as VMmanager answers it to its administrator, e.g. {@code /vm/v3/preset}: the items of its "list". */
    static JsonNode list(TestRestTemplate http, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        headers.set("x-xsrf-token", adminToken(http));
        ResponseEntity<JsonNode> answer = http.exchange(BASE + path, HttpMethod.GET, new HttpEntity<>(headers),
                JsonNode.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("%s", answer).isTrue();
        return answer.getBody().get("list");
    }

    private static String adminToken(TestRestTemplate http) {
        return http.postForObject(BASE + "/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "secret"), JsonNode.class).get("token").asText();
    }

    /** Sets the simulator's fault injection. */
    static void control(TestRestTemplate http, Map<String, Object> settings) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> answer = http.exchange(BASE + "/_control", HttpMethod.PUT,
                new HttpEntity<>(settings, headers), JsonNode.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("%s", answer).isTrue();
    }
}
