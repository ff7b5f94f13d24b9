package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Boots the application the way {@code ./mvnw spring-boot:run} does: no profile given, so the demo profile with its
 * embedded PostgreSQL (here on a fresh data directory under target/ instead of ./data).
 * <p>
 * The same start shows the web server listens before the start-up work is done: {@link CallsInWhileStarting}, one
 * more start-up runner after the demo seeders, calls the API, the engine REST and the probes while the start waits
 * for it; they answered 503 problems with Retry-After, and once the start completed the demo client logs in at once.
 * (That was ReadinessTest, which started the demo a second time, with a PostgreSQL of its own, to hold it.)
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

    @Autowired
    CallsInWhileStarting whileStarting;

    @Test
    void answers503UntilMigrationsIdentityAndDemoDataAreDone() {
        assertThat(whileStarting.answers).containsOnlyKeys("/api/v1/tariffs", "/api/v1/clients", "/engine-rest/engine",
                "/actuator/health/readiness", "/actuator/health/liveness");
        whileStarting.answers.forEach((path, starting) -> {
            if (path.equals("/actuator/health/liveness")) {
                assertThat(starting.statusCode()).as(path).isEqualTo(200);
                return;
            }
            assertThat(starting.statusCode()).as(path).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).as(path).hasValue("5");
            assertThat(starting.headers().firstValue("Content-Type")).as(path).get().asString()
                    .startsWith("application/problem+json");
            assertThat(starting.body()).as(path).contains("\"status\":503").contains("starting");
        });

        // the start is complete when the test runs: ready, and the demo client logs in at once
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> demoClient = http.withBasicAuth("client@example.com", "client")
                .getForEntity("/api/v1/clients", String.class);
        assertThat(demoClient.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(demoClient.getBody()).contains("client@example.com");
        assertThat(http.withBasicAuth("demo", "demo").getForObject("/api/v1/tariffs", String.class)).contains("VPS-1");
    }

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

    /**
     * The last start-up runner (after the key rotation and the demo seeders): while the start waits for it, calls in
     * over HTTP, as a client or an orchestrator would, and keeps what each path answered.
     */
    @TestConfiguration(proxyBeanMethods = false)
    @Order(Ordered.LOWEST_PRECEDENCE)
    static class CallsInWhileStarting implements ApplicationRunner {

        final Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        private final WebServerApplicationContext context;
        private final HttpClient client = HttpClient.newHttpClient();

        CallsInWhileStarting(WebServerApplicationContext context) {
            this.context = context;
        }

        @Override
        public void run(ApplicationArguments args) throws Exception {
            for (String path : new String[] {"/api/v1/tariffs", "/api/v1/clients", "/engine-rest/engine",
                    "/actuator/health/readiness"}) {
                answers.put(path, get(path, "demo:demo"));
            }
            answers.put("/actuator/health/liveness", get("/actuator/health/liveness", null));
        }

        private HttpResponse<String> get(String path, String login) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + context.getWebServer().getPort() + path));
            if (login != null) {
                request.header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
