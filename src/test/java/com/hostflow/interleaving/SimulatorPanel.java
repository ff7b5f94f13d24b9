package com.hostflow.interleaving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The VMmanager 6 simulator as its own administrator sees it: the hosts and their states, the fault injection, and
 * the work a department member does by hand in the panel (stop, start, delete a host) when it answers "skip: I did it
 * by hand".
 */
final class SimulatorPanel {

    static final String BASE = "/simulator/vmmanager6";

    private final TestRestTemplate http;

    SimulatorPanel(int port) {
        this.http = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port));
    }

    record Host(long id, String name, String state) {
    }

    /** Every host in the simulator. */
    List<Host> hosts() {
        JsonNode list = call(HttpMethod.GET, "/vm/v3/host", null).get("list");
        List<Host> hosts = new ArrayList<>();
        list.forEach(h -> hosts.add(new Host(h.get("id").asLong(), h.path("name").asText(), h.path("state")
                .asText())));
        return hosts;
    }

    List<Host> hostsNamed(String name) {
        return hosts().stream().filter(h -> h.name().equals(name)).toList();
    }

    /** The fault injection: failure rate of tasks, down (every call 503), how long a task runs. */
    void faults(double failRate, boolean down, long taskDelayMs) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> answer = http.exchange(BASE + "/_control", HttpMethod.PUT, new HttpEntity<>(
                Map.of("failRate", failRate, "down", down, "taskDelayMs", taskDelayMs), headers), JsonNode.class);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("simulator control answered " + answer);
        }
    }

    /** Does by hand what a failed operation should have done, and waits until the panel finished it. */
    void byHand(String operation, long serviceId) {
        for (Host host : hostsNamed("hostflow-" + serviceId)) {
            switch (operation) {
                case "suspend" -> call(HttpMethod.POST, "/vm/v3/host/" + host.id() + "/stop", Map.of());
                case "resume" -> call(HttpMethod.POST, "/vm/v3/host/" + host.id() + "/start", Map.of());
                case "close" -> call(HttpMethod.DELETE, "/vm/v3/host/" + host.id(), null);
                default -> {
                    // setparam: the resources are not part of the checked state
                }
            }
        }
        String wanted = switch (operation) {
            case "suspend" -> "stopped";
            case "resume" -> "active";
            default -> null;
        };
        Awaitility.await("the panel to finish " + operation + " of service " + serviceId).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    List<Host> hosts = hostsNamed("hostflow-" + serviceId);
                    return "close".equals(operation) ? hosts.isEmpty()
                            : wanted == null || hosts.stream().allMatch(h -> h.state().equals(wanted));
                });
    }

    /** Deletes the hosts of services a finished scenario leaves behind, so they never meet the next scenario. */
    void deleteHosts(List<Long> serviceIds) {
        List<String> names = serviceIds.stream().map(id -> "hostflow-" + id).toList();
        for (Host host : hosts()) {
            if (names.contains(host.name())) {
                call(HttpMethod.DELETE, "/vm/v3/host/" + host.id(), null);
            }
        }
        Awaitility.await("the scenario's hosts to be deleted").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> hosts().stream().noneMatch(h -> names.contains(h.name())));
    }

    private JsonNode call(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        headers.set("x-xsrf-token", token());
        ResponseEntity<JsonNode> answer = http.exchange(BASE + path, method, new HttpEntity<>(body, headers),
                JsonNode.class);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("simulator " + method + " " + path + " answered " + answer);
        }
        return answer.getBody();
    }

    private String token() {
        return http.postForObject(BASE + "/auth/v4/public/token", Map.of("email", "admin@example.com", "password",
                "secret"), JsonNode.class).get("token").asText();
    }
}
