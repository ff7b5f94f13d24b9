package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * A create of the API sent again under its Idempotency-Key (an admin's script retrying after an answer it lost) is
 * the entry the first one created: 200 with the same body and {@code Location}, nothing created twice; another request
 * under the key is 409; a refused one records nothing; requests at once under one key take turns; no password is part
 * of what the key keeps.
 */
@IntegrationTest
class IdempotentCreateTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    String u;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        u = vps.unique;
    }

    /** A create: where it goes, its body, how many entries it made, and a field whose change is another request. */
    record Create(String path, Map<String, Object> body, String count, Object named, String field, Object other) {

        Map<String, Object> changed() {
            return with(body, field, other);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"datacenters", "departments", "providers", "processing-modules", "product-types",
            "tariff-groups", "tariffs", "calendars", "clients", "users"})
    void aCreateSentAgainUnderItsKeyIsTheFirstEntryAndAnotherRequestUnderItIsA409(String collection) {
        Create create = create(collection);
        String key = collection + "-" + u;

        ResponseEntity<JsonNode> first = post("demo", create.path(), create.body(), key);
        ResponseEntity<JsonNode> again = post("demo", create.path(), create.body(), key);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getLocation()).isNotNull().isEqualTo(first.getHeaders().getLocation());
        assertThat(count(create)).as("entries made").isEqualTo(1);

        ResponseEntity<JsonNode> other = post("demo", create.path(), create.changed(), key);
        assertThat(other.getStatusCode().value()).as("%s", other.getBody()).isEqualTo(409);
        assertThat(other.getBody().get("detail").asText()).contains("Idempotency-Key " + key,
                "another " + kind(collection) + " request");
        assertThat(count(create)).as("entries made").isEqualTo(1);
    }

    @Test
    void aRefusedCreateRecordsNothingSoItMayBeCorrectedAndSentAgainUnderItsKey() {
        String key = "client-" + u;
        Map<String, Object> client = Map.of("email", "taken-" + u + "@example.com", "name", "First",
                "providerId", vps.providerId);
        assertThat(post("demo", "/api/v1/clients", client, null).getStatusCode().value()).isEqualTo(201);
        Map<String, Object> second = with(client, "name", "Second");

        ResponseEntity<JsonNode> badEmail = post("demo", "/api/v1/clients", with(second, "email", "nope"), key);
        ResponseEntity<JsonNode> takenEmail = post("demo", "/api/v1/clients", second, key);
        ResponseEntity<JsonNode> noProvider = post("demo", "/api/v1/clients", with(with(second, "email",
                "second-" + u + "@example.com"), "providerId", 0), key);

        assertThat(badEmail.getStatusCode().value()).as("%s", badEmail.getBody()).isEqualTo(400);
        assertThat(takenEmail.getStatusCode().value()).as("%s", takenEmail.getBody()).isEqualTo(409);
        assertThat(noProvider.getStatusCode().value()).as("%s", noProvider.getBody()).isIn(400, 404, 422);
        assertThat(keys(key)).as("a refused create records no key").isZero();
        ResponseEntity<JsonNode> corrected = post("demo", "/api/v1/clients", with(second, "email",
                "second-" + u + "@example.com"), key);
        assertThat(corrected.getStatusCode().value()).as("%s", corrected.getBody()).isEqualTo(201);
        assertThat(keys(key)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsA400NamingTheHeaderAndCreatesNothing() {
        Create tariff = create("tariffs");

        ResponseEntity<JsonNode> tooLong = post("demo", tariff.path(), tariff.body(), "k".repeat(101));
        ResponseEntity<JsonNode> blank = post("demo", tariff.path(), tariff.body(), " ");

        for (ResponseEntity<JsonNode> answer : List.of(tooLong, blank)) {
            assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(400);
            assertThat(answer.getBody().toString()).as("names the header").contains("Idempotency-Key");
        }
        assertThat(count(tariff)).as("entries made").isZero();
    }

    @Test
    void eightCreatesAtOnceUnderOneKeyMakeOneTariff() throws Exception {
        Create tariff = create("tariffs");
        String key = "tariff-at-once-" + u;

        List<ResponseEntity<JsonNode>> answers = AtOnce.run(8, () -> post("demo", tariff.path(), tariff.body(), key));

        assertThat(answers).extracting(answer -> answer.getStatusCode().value())
                .containsOnly(200, 201).filteredOn(status -> status == 201).hasSize(1);
        assertThat(answers).extracting(answer -> answer.getBody().get("id").asLong())
                .containsOnly(answers.get(0).getBody().get("id").asLong());
        assertThat(count(tariff)).isEqualTo(1);
    }

    @Test
    void aKeyIsTheCallersOwn() {
        String otherAdmin = "idem-admin-" + u;
        post("demo", "/api/v1/users", Map.of("username", otherAdmin, "password", "admin-pass-" + u, "roles",
                List.of("ADMIN")), null);
        Create group = create("tariff-groups");
        String key = "group-" + u;

        ResponseEntity<JsonNode> mine = post("demo", group.path(), group.body(), key);
        ResponseEntity<JsonNode> theirs = http.withBasicAuth(otherAdmin, "admin-pass-" + u).exchange(group.path(),
                HttpMethod.POST, new HttpEntity<>(group.body(), keyed(key)), JsonNode.class);

        ResponseEntity<JsonNode> mineAgain = post("demo", group.path(), group.body(), key);

        assertThat(mine.getStatusCode().value()).isEqualTo(201);
        assertThat(theirs.getStatusCode().value()).as("%s", theirs.getBody()).isEqualTo(201);
        assertThat(mineAgain.getStatusCode().value()).as("%s", mineAgain.getBody()).isEqualTo(200);
        assertThat(mineAgain.getBody().get("id")).isEqualTo(mine.getBody().get("id"));
        assertThat(count(group)).isEqualTo(2);
    }

    @Test
    void aCreateSentAgainAfterItsEntryWasDeletedIsA409() {
        Create dataCenter = create("datacenters");
        String key = "deleted-" + u;
        ResponseEntity<JsonNode> first = post("demo", dataCenter.path(), dataCenter.body(), key);
        http.withBasicAuth("demo", "demo").delete(first.getHeaders().getLocation());

        ResponseEntity<JsonNode> again = post("demo", dataCenter.path(), dataCenter.body(), key);

        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(409);
        assertThat(again.getBody().get("detail").asText()).contains("deleted since", "new key");
        assertThat(count(dataCenter)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"processing-modules", "clients", "users"})
    void aPasswordIsNoPartOfTheRequestTheKeyKeeps(String collection) {
        Create create = create(collection);
        String secret = create.path().endsWith("modules") ? "module-secret-" + u : "secret-pass-" + u;
        Map<String, Object> body = collection.equals("processing-modules")
                ? with(create.body(), "integration", Map.of("url", vps.moduleUrl, "username", "admin@example.com",
                        "password", secret))
                : with(create.body(), "password", secret);
        String key = "secret-" + collection + "-" + u;

        ResponseEntity<JsonNode> first = post("demo", create.path(), body, key);
        Map<String, Object> otherPassword = collection.equals("processing-modules")
                ? with(body, "integration", Map.of("url", vps.moduleUrl, "username", "admin@example.com",
                        "password", "another-" + secret))
                : with(body, "password", "another-" + secret);
        ResponseEntity<JsonNode> again = post("demo", create.path(), otherPassword, key);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode().value()).as("the same request but its password").isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        List<Map<String, Object>> rows = jdbc.queryForList("select * from hostflow.request_key"
                + " where idempotency_key = ?", key);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(secret));
        if (collection.equals("users")) {
            assertThat(http.withBasicAuth("idem-" + u, secret).getForEntity("/api/v1/datacenters", String.class)
                    .getStatusCode().value()).as("the first request's password").isEqualTo(200);
        }
    }

    private Create create(String collection) {
        String path = "/api/v1/" + collection;
        return switch (collection) {
            case "datacenters" -> new Create(path, Map.of("name", "Idem DC " + u, "sortOrder", 1),
                    "data_center where name = ?", "Idem DC " + u, "sortOrder", 2);
            case "departments" -> new Create(path, Map.of("name", "Idem dept " + u, "key", "idem-" + u),
                    "department where department_key = ?", "idem-" + u, "name", "Idem dept 2 " + u);
            case "providers" -> new Create(path, Map.of("name", "Idem provider " + u, "currency", "EUR"),
                    "provider where name = ?", "Idem provider " + u, "name", "Idem provider 2 " + u);
            case "processing-modules" -> {
                Map<String, Object> module = vps.moduleForm("vmmanager6");
                module.put("name", "Idem module " + u);
                yield new Create(path, module, "processing_module where name = ?", "Idem module " + u, "sortOrder",
                        2);
            }
            case "product-types" -> new Create(path, productType(), "product_type where code = ?", "idem-" + u,
                    "name", "Idem type 2");
            case "tariff-groups" -> new Create(path, Map.of("name", "Idem group " + u), "tariff_group where name = ?",
                    "Idem group " + u, "name", "Idem group 2 " + u);
            case "tariffs" -> {
                Map<String, Object> tariff = vps.tariffForm(Map.of("MONTH", "10.00"), Map.of("resource", "ram",
                        "included", 1024));
                tariff.put("name", "Idem tariff " + u);
                yield new Create(path, tariff, "tariff_plan where name = ?", "Idem tariff " + u, "prices",
                        Map.of("MONTH", "11.00"));
            }
            case "calendars" -> {
                long provider = vps.created("/providers", Map.of("name", "Idem calendar provider " + u,
                        "currency", "EUR"));
                yield new Create(path, Map.of("providerId", provider, "timeZone", "Europe/Amsterdam", "weekendDays",
                        List.of("SATURDAY", "SUNDAY")), "business_calendar where provider_id = ?", provider,
                        "timeZone", "UTC");
            }
            case "clients" -> new Create(path, Map.of("email", "idem-" + u + "@example.com", "name", "Idem client",
                    "providerId", vps.providerId, "password", "client-pass-" + u), "client where email = ?",
                    "idem-" + u + "@example.com", "name", "Idem client 2");
            case "users" -> new Create(path, Map.of("username", "idem-" + u, "password", "staff-pass-" + u,
                    "firstName", "Idem", "roles", List.of("STAFF"), "departments", List.of(vps.departmentKey)),
                    null, "idem-" + u, "firstName", "Other");
            default -> throw new IllegalArgumentException(collection);
        };
    }

    private Map<String, Object> productType() {
        return Map.of("code", "idem-" + u, "name", "Idem type", "trialPolicy", "NONE", "autoDeletionDays", 0,
                "clientDeletion", "ALLOWED", "onClientDelete", "IMMEDIATELY", "orderPeriods", List.of("MONTH"),
                "resources", List.of(Map.of("code", "ram", "name", "RAM", "unit", "MiB")));
    }

    /** The request's kind as the key records it and the 409 names it. */
    private static String kind(String collection) {
        return switch (collection) {
            case "datacenters" -> "data-center";
            case "processing-modules" -> "module";
            case "calendars" -> "calendar";
            default -> collection.substring(0, collection.length() - 1);
        };
    }

    private long count(Create create) {
        String sql = create.count() == null ? "select count(*) from act_id_user where id_ = ?"
                : "select count(*) from hostflow." + create.count();
        return jdbc.queryForObject(sql, Long.class, create.named());
    }

    private long keys(String key) {
        return jdbc.queryForObject("select count(*) from hostflow.request_key where idempotency_key = ?", Long.class,
                key);
    }

    private ResponseEntity<JsonNode> post(String login, String path, Object body, String key) {
        TestRestTemplate as = http.withBasicAuth(login, login);
        return as.exchange(path, HttpMethod.POST, new HttpEntity<>(body, keyed(key)), JsonNode.class);
    }

    private static HttpHeaders keyed(String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return headers;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
