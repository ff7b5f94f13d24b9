package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/** {@code POST /api/v1/processing-modules/{id}/check-connection} for VMmanager 6 modules, end to end. */
@IntegrationTest
class CheckConnectionApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate http;

    @Test
    void answersOkAgainstTheSimulatorAndSaysWhatIsWrongOtherwise() {
        long dataCenter = create("/datacenters", Map.of("name", "dc-" + UUID.randomUUID()));
        String simulator = "http://localhost:" + port + "/simulator/vmmanager6";

        Map<?, ?> ok = check(module(dataCenter, simulator, "secret"));
        Map<?, ?> wrongPassword = check(module(dataCenter, simulator, "not-the-password"));
        Map<?, ?> unreachable = check(module(dataCenter, "http://127.0.0.1:1/vmmanager", "secret"));

        assertThat(ok.get("ok")).as(ok.toString()).isEqualTo(true);
        assertThat(wrongPassword.get("ok")).isEqualTo(false);
        assertThat(wrongPassword.get("message").toString()).contains("Wrong username or password");
        assertThat(unreachable.get("ok")).isEqualTo(false);
        assertThat(unreachable.get("message").toString()).contains("Cannot reach http://127.0.0.1:1/vmmanager")
                .contains("connection refused").doesNotContain("null").doesNotContain("secret");
        assertThat(wrongPassword.get("message").toString()).doesNotContain("not-the-password");
    }

    @Test
    void aHostNameThatDoesNotResolveIsSaidToBeUnknownNotToRefuseTheConnection() {
        long dataCenter = create("/datacenters", Map.of("name", "dc-" + UUID.randomUUID()));

        // .invalid never resolves (RFC 6761): an admin's typo in the host name
        Map<?, ?> unknown = check(module(dataCenter, "http://vmmanager.no-such-host.invalid/vm", "secret"));

        assertThat(unknown.get("ok")).isEqualTo(false);
        assertThat(unknown.get("message").toString()).contains("Cannot reach http://vmmanager.no-such-host.invalid/vm")
                .contains("unknown host vmmanager.no-such-host.invalid").doesNotContain("connection refused")
                .doesNotContain("secret");
    }

    private long module(long dataCenter, String url, String password) {
        return create("/processing-modules", Map.of("productType", "vds", "moduleType", "vmmanager6",
                "name", "check-" + UUID.randomUUID(), "dataCenterId", dataCenter, "sortOrder", 1,
                "integration", Map.of("url", url, "username", "admin@example.com", "password", password),
                "settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false),
                "queue", Map.of("runInQueue", false, "queues", 1, "queueKey", "cluster")));
    }

    private Map<?, ?> check(long moduleId) {
        ResponseEntity<Map> answer = admin().postForEntity("/api/v1/processing-modules/" + moduleId
                + "/check-connection", null, Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private long create(String path, Map<String, Object> body) {
        ResponseEntity<Map> created = admin().postForEntity("/api/v1" + path, body, Map.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return ((Number) created.getBody().get("id")).longValue();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
