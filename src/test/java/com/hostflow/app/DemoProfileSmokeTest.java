package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Boots the application the way {@code ./mvnw spring-boot:run} does: no profile given, so the demo profile with its
 * H2 file database (here a fresh one under target/ instead of ./data).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/smoke-h2/${random.uuid}",
        // engine REST finds engines by name in a JVM-wide registry: keep "default" for the integration-test context
        "camunda.bpm.process-engine-name=smoke"})
class DemoProfileSmokeTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    Environment environment;

    @Test
    void runsTheDemoProfileOnH2() {
        assertThat(environment.getActiveProfiles()).isEmpty();
        assertThat(environment.acceptsProfiles(org.springframework.core.env.Profiles.of("demo"))).isTrue();
    }

    @Test
    void servesCockpit() {
        ResponseEntity<String> cockpit = http.getForEntity("/camunda/app/cockpit/default/", String.class);

        assertThat(cockpit.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cockpit.getBody()).contains("Cockpit");
    }

    @Test
    void servesSwaggerUi() {
        assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void apiRequiresLogin() {
        ResponseEntity<String> anonymous = http.getForEntity("/api/v1/tariffs", String.class);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }
}
