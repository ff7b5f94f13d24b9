package com.hostflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * VPSs on the VMmanager 6 simulator, ordered through the API: a provider, a vmmanager6 module on the simulator (its
 * default administrator), a tariff, clients with logins. The service's processes wait on poll timers; the helper
 * runs those timer jobs at once instead of waiting for them or moving the shared clock.
 */
public final class SimulatedVps {

    public static final String CLIENT_PASSWORD = "client-password";
    static final Duration WAIT = Duration.ofSeconds(60);

    public final String unique = Long.toString(System.nanoTime(), 36);
    private final TestRestTemplate http;
    private final RuntimeService runtime;
    private final ManagementService management;
    public final String moduleUrl;
    public long providerId;
    public long tariffId;
    public String departmentKey;
    public long dataCenterId;
    public long moduleId;

    public SimulatedVps(TestRestTemplate http, RuntimeService runtime, ManagementService management, int port) {
        this.http = http;
        this.runtime = runtime;
        this.management = management;
        this.moduleUrl = "http://localhost:" + port + "/simulator/vmmanager6";
    }

    public TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    public TestRestTemplate as(String login) {
        return http.withBasicAuth(login, CLIENT_PASSWORD);
    }

    public SimulatedVps catalog() {
        providerId = created("/providers", Map.of("name", "VPS maker " + unique, "currency", "EUR"));
        dataCenterId = created("/datacenters", Map.of("name", "DC " + unique, "sortOrder", 1));
        departmentKey = "vm-" + unique;
        long departmentId = created("/departments", Map.of("name", "VM " + unique, "key", departmentKey));
        Map<String, Object> module = moduleForm("vmmanager6");
        module.put("departmentId", departmentId);
        moduleId = created("/processing-modules", module);
        tariffId = created("/tariffs", tariffForm(Map.of("MONTH", "10.00"), Map.of("resource", "ram", "included",
                1024)));
        return this;
    }

    /** A module of this type on the simulator (its default administrator) in the data center {@link #catalog} made. */
    public Map<String, Object> moduleForm(String moduleType) {
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("productType", "vds");
        module.put("moduleType", moduleType);
        module.put("name", "Simulated VMmanager " + unique);
        module.put("dataCenterId", dataCenterId);
        module.put("sortOrder", 1);
        module.put("integration", Map.of("url", moduleUrl, "username", "admin@example.com", "password", "secret"));
        module.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        return module;
    }

    /**
     * The form of the tariff {@link #catalog} makes, with these prices and RAM add-on (a PUT of it to
     * {@link #tariffId} changes only those).
     */
    public Map<String, Object> tariffForm(Map<String, String> prices, Map<String, Object> ram) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", providerId);
        tariff.put("name", "VPS-S " + unique);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("defaultDomainTemplate", "vps{serviceId}.sim.example");
        tariff.put("prices", prices);
        tariff.put("addons", List.of(ram, Map.of("resource", "cpu", "included", 1), Map.of("resource", "disk",
                "included", 10240), Map.of("resource", "ipv4", "included", 1)));
        return tariff;
    }

    /** Makes the tariff's RAM changeable (1 to 8 GiB, by the GiB) for 2.00 a GiB a month. */
    public SimulatedVps ramForSale() {
        ResponseEntity<String> priced = admin().exchange("/api/v1/tariffs/" + tariffId, HttpMethod.PUT,
                new HttpEntity<>(tariffForm(Map.of("MONTH", "10.00"), Map.of("resource", "ram", "included", 1024,
                        "min", 1024, "max", 8192, "step", 1024, "prices", Map.of("MONTH", "2.00")))), String.class);
        assertThat(priced.getStatusCode().value()).as(priced.getBody()).isEqualTo(200);
        return this;
    }

    /** A client with a login (its e-mail, {@link #CLIENT_PASSWORD}) and money for {@code orders} months. */
    public Client client(String who, int orders) {
        String email = who + "-" + unique + "@example.com";
        long id = created("/clients", Map.of("email", email, "name", "Client " + who, "providerId", providerId,
                "password", CLIENT_PASSWORD));
        if (orders > 0) {
            created("/payments", Map.of("clientId", id, "amount", (10 * orders) + ".00", "externalId",
                    "bank-" + System.nanoTime()));
        }
        return new Client(id, email);
    }

    /** Orders a VPS for the client and waits until it is ACTIVE; answers the service. */
    public JsonNode activeVps(Client client) {
        long serviceId = order(client);
        return awaitService(serviceId, s -> "ACTIVE".equals(s.get("status").asText()));
    }

    public long order(Client client) {
        ResponseEntity<JsonNode> order = as(client.email()).postForEntity("/api/v1/orders", Map.of("clientId",
                client.id(), "tariffId", tariffId, "period", "MONTH", "params", Map.of("os", "debian-12")),
                JsonNode.class);
        assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
        return order.getBody().get("serviceId").asLong();
    }

    public JsonNode awaitService(long serviceId, Predicate<JsonNode> condition) {
        return Awaitility.await("service " + serviceId).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode service = admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
                    if (!condition.test(service)) {
                        runTimers(serviceId);
                    }
                    return service;
                }, condition);
    }

    /** Waits until no process of the service runs any more, running their poll timers meanwhile. */
    public void awaitProcessesEnded(long serviceId) {
        Awaitility.await("the processes of service " + serviceId + " to end").atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    runTimers(serviceId);
                    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                            .count() == 0;
                });
    }

    /** Runs the timers (poll waits, back-offs) of the service's running processes now. */
    public void runTimers(long serviceId) {
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).list()) {
            for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException e) {
                    // the job executor took it at the same moment, or it is gone: the next round looks again
                }
            }
        }
    }

    public long created(String path, Object body) {
        ResponseEntity<JsonNode> created = admin().exchange("/api/v1" + path, HttpMethod.POST,
                new HttpEntity<>(body), JsonNode.class);
        assertThat(created.getStatusCode().value()).as("POST %s: %s", path, created.getBody()).isIn(200, 201);
        return created.getBody().has("id") ? created.getBody().get("id").asLong() : 0;
    }

    public record Client(long id, String email) {
    }
}
