package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.HostFlowApplication;

/**
 * Boots the application the way {@code ./mvnw spring-boot:run} does: no profile given, so the demo profile with its
 * embedded PostgreSQL (here on a fresh data directory under target/ instead of ./data).
 *
 * <p>The web server listens before the start-up work is done, so one more start-up runner holds the start after
 * the demo seeders: meanwhile the API, the engine REST and the readiness probe must answer 503 problems with
 * Retry-After. Once the start completes, the demo data is there at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoProfileSmokeTest {

    private final CountDownLatch holdStart = new CountDownLatch(1);
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private CompletableFuture<ConfigurableApplicationContext> application;
    private int serverPort;

    @BeforeAll
    void startWithoutAProfile() throws Exception {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(HostFlowApplication.class)
                .listeners((ApplicationListener<WebServerInitializedEvent>) e -> port.complete(e.getWebServer().getPort()))
                .initializers(context -> context.getBeanFactory().registerSingleton("holdStart",
                        (ApplicationRunner) args -> holdStart.await(3, TimeUnit.MINUTES)));
        application = CompletableFuture.supplyAsync(() -> builder.run("--server.port=0",
                // engine REST finds engines by name in a JVM-wide registry: keep "default" for the integration tests
                "--camunda.bpm.process-engine-name=smoke",
                "--hostflow.embedded-database.data-directory=target/smoke-pg/" + UUID.randomUUID()));
        serverPort = port.get(3, TimeUnit.MINUTES);
    }

    @AfterAll
    void stop() throws Exception {
        holdStart.countDown();
        application.get(3, TimeUnit.MINUTES).close();
    }

    @Test
    @Order(1)
    void answers503UntilMigrationsIdentityAndDemoDataAreDone() throws Exception {
        for (String path : new String[] {"/api/v1/tariffs", "/api/v1/clients", "/engine-rest/engine",
                "/actuator/health/readiness"}) {
            HttpResponse<String> starting = get(path, "demo:demo");
            assertThat(starting.statusCode()).as(path).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).as(path).hasValue("5");
            assertThat(starting.headers().firstValue("Content-Type")).as(path).get().asString()
                    .startsWith("application/problem+json");
            assertThat(starting.body()).as(path).contains("\"status\":503").contains("starting");
        }
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        holdStart.countDown();

        Awaitility.await().atMost(Duration.ofMinutes(1))
                .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        HttpResponse<String> demoClient = get("/api/v1/clients", "client@example.com:client");
        assertThat(demoClient.statusCode()).isEqualTo(200);
        assertThat(demoClient.body()).contains("client@example.com");
        assertThat(get("/api/v1/tariffs", "demo:demo").body()).contains("VPS-1");
    }

    @Test
    @Order(2)
    void runsTheDemoProfileOnItsEmbeddedPostgres() throws Exception {
        ConfigurableApplicationContext context = ready();
        assertThat(context.getEnvironment().getActiveProfiles()).isEmpty();
        assertThat(context.getEnvironment().acceptsProfiles(Profiles.of("demo"))).isTrue();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        // the schema keeps its lower-case name, as on a production PostgreSQL
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hostflow.provider WHERE name = 'Demo Hosting'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void servesCockpitSwaggerUiAndTheApiDocument() throws Exception {
        ready();
        HttpResponse<String> cockpit = get("/camunda/app/cockpit/smoke/", null);
        assertThat(cockpit.statusCode()).isEqualTo(200);
        assertThat(cockpit.body()).contains("Cockpit");
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void apiRequiresLogin() throws Exception {
        ready();
        HttpResponse<String> anonymous = get("/api/v1/tariffs", null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
    }

    /** Independent of the first test's outcome: lets the start complete. */
    private ConfigurableApplicationContext ready() throws Exception {
        holdStart.countDown();
        return application.get(2, TimeUnit.MINUTES);
    }

    private HttpResponse<String> get(String path, String login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path));
        if (login != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
