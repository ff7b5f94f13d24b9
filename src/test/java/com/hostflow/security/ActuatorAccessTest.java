package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

import com.hostflow.support.IntegrationTest;

/**
 * Health is open for probes; metrics and Prometheus need an administrator; requests are measured per route, the
 * security chain's filters are not observed one by one (management.observations.enable.spring.security), nor are
 * the repositories' calls (management.metrics.data.repository.autotime).
 */
@IntegrationTest
class ActuatorAccessTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsOpen() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void metricsNeedAnAdministrator() {
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/actuator/metrics", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void requestsAreMeasuredButNotEveryFilterOfTheSecurityChain() {
        http.withBasicAuth("demo", "demo").getForEntity("/api/v1/providers", String.class);

        String metrics = http.withBasicAuth("demo", "demo").getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain("spring_security_");
    }

    @Test
    void repositoryCallsAreNotTimedOneByOne() {
        // listing providers reads them through a Spring Data repository
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/api/v1/providers", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        String metrics = http.withBasicAuth("demo", "demo").getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("hikaricp_connections").doesNotContain("spring_data_repository_invocations");
    }

    @Test
    void theSimulatorsRequestsAreNotHostFlowsToMeasure() {
        http.withBasicAuth("demo", "demo").getForEntity("/api/v1/providers", String.class);
        assertThat(http.getForEntity("/simulator/vmmanager6/vm/v3/host", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.getForEntity("/simulator/vmmanager6/_control", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        String metrics = http.withBasicAuth("demo", "demo").getForObject("/actuator/prometheus", String.class);

        // the test's own client requests are measured too (http_client_requests): only the server side counts here
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests")))
                .anyMatch(line -> line.contains("uri=\"/api/v1/providers\""))
                .noneMatch(line -> line.contains("uri=\"/simulator"));
    }
}
