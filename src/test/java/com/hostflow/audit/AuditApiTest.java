package com.hostflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

@IntegrationTest
class AuditApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate http;

    @Test
    @SuppressWarnings("unchecked")
    void recordsWhoChangedWhatWithBeforeAndAfterNewestFirst() {
        String username = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        admin().postForEntity("/api/v1/users", Map.of("username", username, "password", "first-pass",
                "roles", List.of("ADMIN")), String.class);
        admin().put("/api/v1/users/" + username, Map.of("password", "second-pass", "lastName", "Changed",
                "roles", List.of("ADMIN")));

        ResponseEntity<Map<String, Object>> page = admin().exchange("/api/v1/audit?entity=user&user=demo",
                HttpMethod.GET, null, JSON);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> entries = ((List<Map<String, Object>>) page.getBody().get("content")).stream()
                .filter(e -> username.equals(e.get("entityId"))).toList();
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("UPDATE", "CREATE");
        Map<String, Object> update = entries.get(0);
        assertThat(update).containsEntry("user", "demo").containsEntry("entity", "user");
        assertThat((Map<String, Object>) update.get("before")).containsEntry("lastName", null);
        assertThat((Map<String, Object>) update.get("after")).containsEntry("lastName", "Changed");
        assertThat(entries.get(1).get("before")).isNull();
        assertThat(page.getBody().toString()).doesNotContain("first-pass").doesNotContain("second-pass");
    }

    @Test
    void isForAdministratorsOnly() {
        ResponseEntity<String> anonymous = http.getForEntity("/api/v1/audit", String.class);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        String unique = UUID.randomUUID().toString().substring(0, 8);
        String department = "audit-" + unique;
        admin().postForEntity("/api/v1/departments", Map.of("name", "Audit " + unique, "key", department),
                String.class);
        assertThat(admin().postForEntity("/api/v1/users", Map.of("username", "staff-" + unique, "password",
                "staff-pass-1", "roles", List.of("STAFF"), "departments", List.of(department)), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<?, ?> provider = admin().postForObject("/api/v1/providers", Map.of("name", "Audit " + unique,
                "currency", "EUR"), Map.class);
        assertThat(admin().postForEntity("/api/v1/clients", Map.of("email", "audit-" + unique + "@example.com",
                "name", "Audit", "providerId", provider.get("id"), "password", "client-pass-1"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // staff and clients: 403 before any filter is read, also a malformed one
        assertThat(http.withBasicAuth("staff-" + unique, "staff-pass-1").getForEntity("/api/v1/audit?entity=nope",
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("audit-" + unique + "@example.com", "client-pass-1")
                .getForEntity("/api/v1/audit?user=demo", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void rejectsABadPageSize() {
        ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/audit?size=0", HttpMethod.GET, null,
                JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").toString()).contains("size");
    }

    @Test
    void malformedFiltersAndPagesAre400NamingTheFieldNever500() {
        Map<String, String> fieldOf = new java.util.LinkedHashMap<>();
        fieldOf.put("entity=no-such-entity", "entity");
        fieldOf.put("entity=tariff%27%3B--", "entity");
        fieldOf.put("user=demo%20or%201%3D1", "user");
        fieldOf.put("user=%E2%80%AEdemo", "user");
        fieldOf.put("user=" + "a".repeat(65), "user");
        fieldOf.put("page=-1", "page");
        fieldOf.put("page=2000000", "page");
        fieldOf.put("size=501", "size");
        fieldOf.put("size=-5", "size");
        fieldOf.put("page=abc", "page");
        fieldOf.put("size=1e3", "size");

        fieldOf.forEach((query, field) -> {
            ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/audit?" + query,
                    HttpMethod.GET, null, JSON);
            assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType().toString()).as(query)
                    .startsWith("application/problem+json");
            assertThat(String.valueOf(response.getBody().get("errors"))).as(query).contains("field=" + field);
        });
    }

    @Test
    void everyEntityTheLogKnowsAndAnyUserNameAreFilters() {
        for (String entity : AuditLog.ENTITIES) {
            assertThat(admin().getForEntity("/api/v1/audit?entity=" + entity + "&user=someone@example.com",
                    String.class).getStatusCode()).as(entity).isEqualTo(HttpStatus.OK);
        }
        assertThat(admin().getForEntity("/api/v1/audit?entity=&user=", String.class).getStatusCode())
                .as("empty filters are none").isEqualTo(HttpStatus.OK);
        String documented = http.getForObject("/v3/api-docs", String.class);
        assertThat(documented).as("the OpenAPI description names every entity")
                .contains(AuditLog.ENTITIES.stream().map(e -> " " + e + ",").limit(AuditLog.ENTITIES.size() - 1)
                        .toList());
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
