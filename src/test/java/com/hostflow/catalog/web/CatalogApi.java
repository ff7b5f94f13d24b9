package com.hostflow.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.security.Roles;

/**
 * Talks to the catalog API over real HTTP as the admin, a staff member or a client (the latter two are created in the
 * engine's identity store on first use), and builds catalog entries with unique names for tests to use.
 */
class CatalogApi {

    static final String STAFF = "catalog-test-staff";
    static final String CLIENT = "catalog-test-client@example.com";
    private static final String PASSWORD = "pw-" + STAFF;

    private final TestRestTemplate rest;
    private final ObjectMapper json = new ObjectMapper();

    CatalogApi(TestRestTemplate rest, IdentityService identityService) {
        this.rest = rest;
        ensureUser(identityService, STAFF, Roles.STAFF_GROUP);
        ensureUser(identityService, CLIENT, Roles.CLIENT_GROUP);
    }

    private static synchronized void ensureUser(IdentityService identity, String userId, String groupId) {
        if (identity.createGroupQuery().groupId(groupId).singleResult() == null) {
            Group group = identity.newGroup(groupId);
            group.setName(groupId);
            group.setType(Roles.SYSTEM_GROUP_TYPE);
            identity.saveGroup(group);
        }
        if (identity.createUserQuery().userId(userId).singleResult() == null) {
            User user = identity.newUser(userId);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(userId, groupId);
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- HTTP as one of the three roles

    ResponseEntity<String> admin(HttpMethod method, String path, Object body) {
        return call("demo", "demo", method, path, body);
    }

    ResponseEntity<String> staff(HttpMethod method, String path, Object body) {
        return call(STAFF, PASSWORD, method, path, body);
    }

    ResponseEntity<String> client(HttpMethod method, String path, Object body) {
        return call(CLIENT, PASSWORD, method, path, body);
    }

    /** A client of the provider with a login, created through the API; answers its user name (its email). */
    String clientOf(long providerId) {
        String email = unique("catalog-client") + "@example.com";
        create("/clients", Map.of("email", email, "name", "Catalog client", "phone", "+31 20 000 0000",
                "providerId", providerId, "password", PASSWORD));
        return email;
    }

    /** As a user made by {@link #clientOf}. */
    ResponseEntity<String> as(String user, HttpMethod method, String path, Object body) {
        return call(user, PASSWORD, method, path, body);
    }

    /** As admin, with an {@code If-Match} header sent as given (null: none). */
    ResponseEntity<String> admin(HttpMethod method, String path, Object body, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.set(HttpHeaders.IF_MATCH, ifMatch);
        }
        return rest.withBasicAuth("demo", "demo")
                .exchange("/api/v1" + path, method, new HttpEntity<>(body, headers), String.class);
    }

    ResponseEntity<String> call(String user, String password, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, password)
                .exchange("/api/v1" + path, method, new HttpEntity<>(body, headers), String.class);
    }

    JsonNode json(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    /** Posts as admin, expects 201 with a Location ending in the new id, answers the body. */
    JsonNode create(String path, Object body) {
        ResponseEntity<String> response = admin(HttpMethod.POST, path, body);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode created = json(response);
        String id = created.has("id") ? created.get("id").asText() : created.get("code").asText();
        assertThat(response.getHeaders().getLocation()).isNotNull();
        assertThat(response.getHeaders().getLocation().getPath()).isEqualTo("/api/v1" + path + "/" + id);
        return created;
    }

    /** The fields a 400 problem names. */
    List<String> errorFields(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        List<String> fields = new ArrayList<>();
        json(response).get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    // --- building blocks with unique names

    long dataCenter() {
        return create("/datacenters", Map.of("name", unique("dc"), "icon", Map.of("countryCode", "DE")))
                .get("id").asLong();
    }

    long department() {
        return create("/departments", Map.of("name", "Dept", "key", unique("dept"))).get("id").asLong();
    }

    long provider() {
        return create("/providers", Map.of("name", unique("provider"), "currency", "EUR")).get("id").asLong();
    }

    long tariffGroup() {
        return create("/tariff-groups", Map.of("name", unique("group"))).get("id").asLong();
    }

    /** A vmmanager6 module form; tests change what they need. */
    Map<String, Object> vmModuleForm(long dataCenterId, String password) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", "vds");
        form.put("moduleType", "vmmanager6");
        form.put("name", unique("module"));
        form.put("dataCenterId", dataCenterId);
        form.put("sortOrder", 1);
        form.put("integration", Map.of("url", "http://localhost:1/simulator/vmmanager6",
                "username", "admin@example.com", "password", password));
        form.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        form.put("queue", Map.of("runInQueue", true, "queues", 2, "queueKey", "cluster"));
        return form;
    }

    long manualModule() {
        return create("/processing-modules", Map.of("productType", "vds", "moduleType", "manual",
                "name", unique("manual"))).get("id").asLong();
    }

    /** A valid vds tariff form with one add-on; tests change what they need. */
    Map<String, Object> tariffForm(long providerId, long groupId, long moduleId) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", "vds");
        form.put("providerId", providerId);
        form.put("groupId", groupId);
        form.put("name", unique("tariff"));
        form.put("active", true);
        form.put("processingModuleIds", List.of(moduleId));
        form.put("template", "vps-2");
        form.put("defaultDomainTemplate", "vps{serviceId}.example.net");
        form.put("prices", Map.of("DAY", "0.40", "MONTH", "10.00", "YEAR", "100.00"));
        form.put("trialDays", 7);
        form.put("addons", List.of(Map.of("resource", "ram", "included", 2048, "min", 1024, "max", 16384,
                "step", 1024, "prices", Map.of("MONTH", "2.00"))));
        return form;
    }

    long tariff(Map<String, Object> form) {
        return create("/tariffs", form).get("id").asLong();
    }

    static Map<String, Object> with(Map<String, Object> form, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(form);
        copy.put(key, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> form, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(form);
        copy.remove(key);
        return copy;
    }
}
