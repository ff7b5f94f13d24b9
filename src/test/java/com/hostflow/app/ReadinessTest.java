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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import com.hostflow.HostFlowApplication;

/**
 * The web server listens before the start-up work is done. Starts the default (demo) profile with one more start-up
 * runner that holds the start after the demo seeders: meanwhile the API, the engine REST and the readiness probe
 * answer 503 problems with Retry-After; once the start completes, the demo client can log in at once.
 */
class ReadinessTest {

    private final CountDownLatch holdStart = new CountDownLatch(1);
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private CompletableFuture<ConfigurableApplicationContext> application;

    @AfterEach
    void close() throws Exception {
        holdStart.countDown();
        application.get(2, TimeUnit.MINUTES).close();
    }

    @Test
    void answers503UntilMigrationsIdentityAndDemoDataAreDone() throws Exception {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(HostFlowApplication.class)
                .listeners((ApplicationListener<WebServerInitializedEvent>) e -> port.complete(e.getWebServer().getPort()))
                .initializers(context -> context.getBeanFactory().registerSingleton("holdStart",
                        (ApplicationRunner) args -> holdStart.await(2, TimeUnit.MINUTES)));
        application = CompletableFuture.supplyAsync(() -> builder.run("--server.port=0",
                "--camunda.bpm.process-engine-name=readiness",
                // the webapps keep their Spring context in a JVM-wide static: a second webapp context that is
                // closed again would leave the integration tests' Cockpit and Tasklist with a dead one
                "--camunda.bpm.webapp.enabled=false",
                "--hostflow.embedded-database.data-directory=target/readiness-pg/" + UUID.randomUUID()));
        int serverPort = port.get(3, TimeUnit.MINUTES);

        for (String path : new String[] {"/api/v1/tariffs", "/api/v1/clients", "/engine-rest/engine",
                "/actuator/health/readiness"}) {
            HttpResponse<String> starting = get(serverPort, path, "demo:demo");
            assertThat(starting.statusCode()).as(path).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).as(path).hasValue("5");
            assertThat(starting.headers().firstValue("Content-Type")).as(path).get().asString()
                    .startsWith("application/problem+json");
            assertThat(starting.body()).as(path).contains("\"status\":503").contains("starting");
        }
        assertThat(get(serverPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        holdStart.countDown();

        Awaitility.await().atMost(Duration.ofMinutes(1))
                .until(() -> get(serverPort, "/actuator/health/readiness", null).statusCode() == 200);
        HttpResponse<String> demoClient = get(serverPort, "/api/v1/clients", "client@example.com:client");
        assertThat(demoClient.statusCode()).isEqualTo(200);
        assertThat(demoClient.body()).contains("client@example.com");
        assertThat(get(serverPort, "/api/v1/tariffs", "demo:demo").body()).contains("VPS-1");
    }

    private HttpResponse<String> get(int serverPort, String path, String login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path));
        if (login != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
