package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * API.md and reference/ read as a stranger reads them: each test takes one statement of the shared documents and
 * checks it over real HTTP, as a test written from the documents alone would.
 */
@IntegrationTest
class ContractWalkTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @LocalServerPort
    int port;

    private SimulatedVps vps;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private JsonNode get(String path) {
        ResponseEntity<JsonNode> answer = admin().getForEntity("/api/v1" + path, JsonNode.class);
        assertThat(answer.getStatusCode()).as("GET %s: %s", path, answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /**
     * "GET /services/{id} → {"id",…,"paidUntil",…,"processingModuleId","externalId","domain"}": a service waiting
     * for its payment has no paid period, module or VM yet, and its answer left those fields out; so did a running
     * process its "endTime". A reader testing a named field (body.get("paidUntil").isNull()) found nothing there.
     */
    @Test
    void aServiceWaitingForItsPaymentAnswersEveryFieldTheContractNames() {
        SimulatedVps.Client client = vps.client("unpaid", 0);
        long serviceId = vps.order(client);
        try {
            JsonNode service = get("/services/" + serviceId);

            assertThat(service.get("status").asText()).isEqualTo("ORDERED");
            assertThat(fieldNames(service)).as("%s", service).contains("id", "clientId", "tariffId", "status",
                    "statusReasons", "period", "paidUntil", "addons", "params", "processingModuleId", "externalId",
                    "domain");
            assertThat(service.get("paidUntil").isNull()).isTrue();
            assertThat(service.get("processingModuleId").isNull()).isTrue();
            assertThat(service.get("externalId").isNull()).isTrue();

            JsonNode order = get("/services/" + serviceId + "/processes").get(0);
            assertThat(order.get("processKey").asText()).isEqualTo("ServiceOrderProcess");
            assertThat(fieldNames(order)).contains("id", "processKey", "state", "startTime", "endTime", "cockpitUrl");
            assertThat(order.get("endTime").isNull()).as("%s", order).isTrue();
        } finally {
            // the order waits for a payment that never comes: withdrawn, it ends its process
            admin().exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null, String.class);
            vps.awaitProcessesEnded(serviceId);
        }
    }

    /**
     * "/datacenters — {"name","externalId","sortOrder","icon":{…} | null}" and the audit's
     * "{"at","user","action","entity","entityId","before","after"}": a data center without an external id or icon,
     * and the audit entry of a creation (nothing before), answered without those fields.
     */
    @Test
    void aDataCenterWithoutIconAndItsCreationInTheAuditNameEveryField() {
        ResponseEntity<JsonNode> created = admin().exchange("/api/v1/datacenters", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Plain DC " + vps.unique, "sortOrder", 7)), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = created.getBody().get("id").asLong();

        for (JsonNode dataCenter : new JsonNode[] {created.getBody(), get("/datacenters/" + id)}) {
            assertThat(fieldNames(dataCenter)).contains("name", "externalId", "sortOrder", "icon");
            assertThat(dataCenter.get("externalId").isNull()).isTrue();
            assertThat(dataCenter.get("icon").isNull()).isTrue();
        }

        JsonNode creation = get("/audit?entity=datacenter&user=demo&size=200").get("content").findParents("entityId")
                .stream().filter(e -> e.get("entityId").asText().equals(Long.toString(id))).findFirst().orElseThrow();
        assertThat(fieldNames(creation)).contains("at", "user", "action", "entity", "entityId", "before", "after");
        assertThat(creation.get("action").asText()).isEqualTo("CREATE");
        assertThat(creation.get("before").isNull()).isTrue();
    }

    /**
     * reference/vmmanager6-api.md: "POST /auth/v4/public/token {"email","password"} → HTTP 201
     * {"id","token","expires_at","confirmed":true}". The simulator meant to answer expires_at (null: its tokens
     * expire by inactivity only) and the application's JSON settings dropped it.
     */
    @Test
    void theSimulatorsTokenAnswerHasEveryFieldOfVmManagers() {
        ResponseEntity<JsonNode> token = http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "secret"), JsonNode.class);

        assertThat(token.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(fieldNames(token.getBody())).contains("id", "token", "expires_at", "confirmed");
        assertThat(token.getBody().get("confirmed").asBoolean()).isTrue();
    }

    /**
     * reference/vmmanager6-api.md: "Errors: {"error":{"code":<int>,"msg":"...","value":{...}}}", and API.md: the
     * simulator answers "with the same … error shape": its errors had no "value".
     */
    @Test
    void theSimulatorsErrorsHaveVmManagersShape() {
        ResponseEntity<JsonNode> refused = http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "not-the-password"), JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        JsonNode error = refused.getBody().get("error");
        assertThat(fieldNames(error)).containsExactly("code", "msg", "value");
        assertThat(error.get("code").isInt()).isTrue();
        assertThat(error.get("msg").asText()).isNotBlank();
        assertThat(error.get("value").isObject()).isTrue();
    }

    /**
     * API.md's catalog examples sent as written (only ids, names and the port filled in): each is created (201 with
     * the body and its Location), the module's password is write-only, createAllAddons adds the resources the
     * tariff leaves out at 0 with no price, and the tariff's provider cannot change (409). This held; it stays as
     * the contract's walk.
     */
    @Test
    void theCatalogExamplesOfApiMdAreTakenAsWritten() {
        long dataCenter = createdAsWritten("/datacenters", """
                {"name":"AMS %s","externalId":null,"sortOrder":1,"icon":{"countryCode":"NL"}}""".formatted(vps.unique));
        long department = createdAsWritten("/departments", """
                {"name":"Support %1$s","key":"support-%1$s"}""".formatted(vps.unique));
        long provider = createdAsWritten("/providers", """
                {"name":"Hosting %s","currency":"EUR"}""".formatted(vps.unique));
        long group = createdAsWritten("/tariff-groups", """
                {"name":"VPS %s"}""".formatted(vps.unique));
        String module = """
                {"productType":"vds","moduleType":"vmmanager6","name":"VMmanager AMS KVM","dataCenterId":%d,
                 "departmentId":%d,"sortOrder":1,
                 "integration":{"url":"http://localhost:%d/simulator/vmmanager6","username":"admin@example.com",
                                "password":"secret"},
                 "settings":{"cluster":"1","useRecipes":false,"additionalNetworkInterface":false},
                 "queue":{"runInQueue":true,"queues":2,"queueKey":"cluster"}}""".formatted(dataCenter, department, port);
        ResponseEntity<String> moduleCreated = postJson("/processing-modules", module);
        assertThat(moduleCreated.getStatusCode()).as(moduleCreated.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(moduleCreated.getBody()).contains("\"passwordSet\":true").doesNotContain("secret");
        long moduleId = read(moduleCreated.getBody()).get("id").asLong();
        assertThat(admin().postForObject("/api/v1/processing-modules/" + moduleId + "/check-connection", null,
                JsonNode.class).get("ok").asBoolean()).isTrue();

        String tariff = """
                {"productType":"vds","providerId":%d,"groupId":%d,"name":"VPS-2","active":true,
                 "processingModuleIds":[%d],"template":"vps-2","createAllAddons":true,
                 "defaultDomainTemplate":"vps{serviceId}.example.net",
                 "prices":{"DAY":"0.40","MONTH":"10.00","YEAR":"100.00"},"trialDays":7,
                 "addons":[{"resource":"ram","included":2048,"min":1024,"max":16384,"step":1024,
                            "prices":{"MONTH":"2.00"}}]}""";
        ResponseEntity<String> tariffCreated = postJson("/tariffs", tariff.formatted(provider, group, moduleId));
        assertThat(tariffCreated.getStatusCode()).as(tariffCreated.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode created = read(tariffCreated.getBody());
        assertThat(created.get("prices").get("MONTH").asText()).isEqualTo("10.00");
        assertThat(created.get("addons")).extracting(a -> a.get("resource").asText())
                .containsExactlyInAnyOrder("ram", "cpu", "disk", "ipv4");
        for (JsonNode addon : created.get("addons")) {
            if (addon.get("resource").asText().equals("ram")) {
                assertThat(addon.get("prices").get("MONTH").asText()).isEqualTo("2.00");
            } else {
                assertThat(addon.get("included").asLong()).as("%s", addon).isZero();
                assertThat(addon.get("prices")).as("%s", addon).isEmpty();
            }
        }
        long otherProvider = createdAsWritten("/providers", """
                {"name":"Other %s","currency":"EUR"}""".formatted(vps.unique));
        ResponseEntity<String> moved = admin().exchange("/api/v1/tariffs/" + created.get("id").asLong(),
                HttpMethod.PUT, json(tariff.formatted(otherProvider, group, moduleId)), String.class);
        assertThat(moved.getStatusCode()).as(moved.getBody()).isEqualTo(HttpStatus.CONFLICT);
    }

    /**
     * API.md's tariff example ordered with API.md's order example: its {@code createAllAddons} gives cpu, disk and ipv4
     * at 0, which the module cannot make a VM of (a preset of 0 CPUs, a host with no address); a resource at 0 is
     * left to the tariff's preset (VMmanager's own values when HostFlow creates it) and a VPS gets one address.
     */
    @Test
    void anOrderOfApiMdsTariffExampleBecomesActive() {
        String tariff = """
                {"productType":"vds","providerId":%d,"name":"VPS-2 %s","active":true,
                 "processingModuleIds":[%d],"template":"vps-2-%s","createAllAddons":true,
                 "defaultDomainTemplate":"vps{serviceId}.example.net",
                 "prices":{"DAY":"0.40","MONTH":"10.00","YEAR":"100.00"},"trialDays":7,
                 "addons":[{"resource":"ram","included":2048,"min":1024,"max":16384,"step":1024,
                            "prices":{"MONTH":"2.00"}}]}""".formatted(vps.providerId, vps.unique, vps.moduleId,
                vps.unique);
        long tariffId = createdAsWritten("/tariffs", tariff);
        SimulatedVps.Client client = vps.client("apimd", 2);

        ResponseEntity<JsonNode> order = vps.as(client.email()).exchange("/api/v1/orders", HttpMethod.POST, json("""
                {"clientId":%d,"tariffId":%d,"period":"MONTH","addons":{"ram":4096},"params":{"os":"ubuntu-24.04"}}"""
                .formatted(client.id(), tariffId)), JsonNode.class);
        assertThat(order.getStatusCode()).as("%s", order.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(order.getBody().get("amount").asText()).isEqualTo("14.00");

        JsonNode service = vps.awaitService(order.getBody().get("serviceId").asLong(),
                s -> List.of("ACTIVE", "FAILED").contains(s.get("status").asText()));
        assertThat(service.get("status").asText()).as("%s", service).isEqualTo("ACTIVE");
        assertThat(service.get("addons").get("ram").asLong()).isEqualTo(4096);

        // more RAM later: the cpu, disk and ipv4 at 0 are not a shrink of the VM's
        long serviceId = service.get("id").asLong();
        ResponseEntity<String> change = vps.as(client.email()).exchange("/api/v1/services/" + serviceId
                + "/parameters", HttpMethod.POST, json("{\"addons\":{\"ram\":5120}}"), String.class);
        assertThat(change.getStatusCode()).as(change.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        vps.awaitProcessesEnded(serviceId);
        JsonNode changed = get("/services/" + serviceId);
        assertThat(changed.get("addons").get("ram").asLong()).as("%s", changed).isEqualTo(5120);
        assertThat(changed.get("refusedOperations")).as("%s", changed).isEmpty();
    }

    private long createdAsWritten(String path, String body) {
        ResponseEntity<String> created = postJson(path, body);
        assertThat(created.getStatusCode()).as("POST %s: %s", path, created.getBody()).isEqualTo(HttpStatus.CREATED);
        long id = read(created.getBody()).get("id").asLong();
        assertThat(created.getHeaders().getLocation()).hasToString(http.getRootUri() + "/api/v1" + path + "/" + id);
        return id;
    }

    private ResponseEntity<String> postJson(String path, String body) {
        return admin().exchange("/api/v1" + path, HttpMethod.POST, json(body), String.class);
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static JsonNode read(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(body, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
