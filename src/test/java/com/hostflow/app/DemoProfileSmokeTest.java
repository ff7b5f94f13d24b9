package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Boots the application the way {@code ./mvnw spring-boot:run} does: no profile given, so the demo profile with its
 * embedded PostgreSQL (here on a fresh data directory under target/ instead of ./data).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hostflow.embedded-database.data-directory=target/smoke-pg/${random.uuid}",
        // engine REST finds engines by name in a JVM-wide registry: keep "default" for the integration-test context
        "camunda.bpm.process-engine-name=smoke"})
class DemoProfileSmokeTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    Environment environment;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runsTheDemoProfileOnItsEmbeddedPostgres() {
        assertThat(environment.getActiveProfiles()).isEmpty();
        assertThat(environment.acceptsProfiles(org.springframework.core.env.Profiles.of("demo"))).isTrue();
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        // the schema keeps its lower-case name, as on a production PostgreSQL
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hostflow.provider WHERE name = 'Demo Hosting'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void servesCockpit() {
        ResponseEntity<String> cockpit = http.getForEntity("/camunda/app/cockpit/smoke/", String.class);

        assertThat(cockpit.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cockpit.getBody()).contains("Cockpit");
    }

    @Test
    void servesSwaggerUi() {
        assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The demo seeds a payment for its client: the mail about it is caught and readable without a mail server. */
    @Test
    void catchesTheDemoMailsAndShowsThem() {
        TestRestTemplate admin = http.withBasicAuth("demo", "demo");

        JsonNode mail = Awaitility.await("the demo payment's mail").atMost(Duration.ofSeconds(60)).until(
                () -> admin.getForObject("/api/v1/dev/mails", JsonNode.class),
                mails -> mails.findValuesAsText("subject").contains("Payment of 50.00 EUR received"));
        JsonNode payment = java.util.stream.StreamSupport.stream(mail.spliterator(), false)
                .filter(m -> m.get("subject").asText().equals("Payment of 50.00 EUR received")).findFirst()
                .orElseThrow();
        assertThat(payment.get("to").get(0).asText()).contains("client@example.com");
        assertThat(payment.get("text").asText()).contains("Hello, Demo Client!", "Your balance is now 50.00 EUR");
        assertThat(payment.get("messageId").asText()).endsWith(".notification@hostflow.example>");
        ResponseEntity<String> page = admin.getForEntity("/api/v1/dev/mails/" + payment.get("id").asLong(),
                String.class);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("Hello, <span>Demo Client</span>!");
        assertThat(page.getHeaders().get("Content-Security-Policy")).as("the mail's inline styles apply, scripts not")
                .containsExactly("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
        assertThat(http.withBasicAuth("client@example.com", "client").getForEntity("/api/v1/dev/mails",
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void apiRequiresLogin() {
        ResponseEntity<String> anonymous = http.getForEntity("/api/v1/tariffs", String.class);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }
}
