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
        assertThat((Map<String, Object>) update.get("before")).doesNotContainKey("lastName");
        assertThat((Map<String, Object>) update.get("after")).containsEntry("lastName", "Changed");
        assertThat(entries.get(1).get("before")).isNull();
        assertThat(page.getBody().toString()).doesNotContain("first-pass").doesNotContain("second-pass");
    }

    @Test
    void isForAdministratorsOnly() {
        ResponseEntity<String> anonymous = http.getForEntity("/api/v1/audit", String.class);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void rejectsABadPageSize() {
        ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/audit?size=0", HttpMethod.GET, null,
                JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").toString()).contains("size");
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
