package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What Spring MVC never sees: paths the firewall or Tomcat refuse, unknown paths, the engine REST and the webapps.
 * Sent byte for byte over a socket, so no client re-encodes them.
 */
@IntegrationTest
class FrontDoorInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${local.server.port}")
    int port;

    record Answer(int status, String contentType, String body) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/tariffs/%2e%2e", "/api/v1/%2e%2e/tariffs", "/api/v1/tariffs/%0d%0a",
            "/api/v1/tariffs/%00", "/api/v1/tariffs/%25", "/api/v1/tariffs/%zz", "/api/v1/tariffs;x=1",
            "/api/v1//tariffs", "/api/v1/tariffs/%2F", "/api/v1/tariffs/%5C", "/engine-rest/%2e%2e/engine",
            "/engine-rest/%00", "/x%00", "/api/v1/tariffs?active=%00", "/api/v1/tariffs/abc"})
    void oddPathsAnswer400Problems(String path) throws IOException {
        Answer answer = send("GET " + path + " HTTP/1.0", "");

        assertThat(answer.status()).as(path).isEqualTo(400);
        assertProblemWithMessage(answer, 400);
    }

    /**
     * Paths that Tomcat maps, slashes merged and escapes decoded, to a servlet of its own (the webapps' APIs, the
     * engine REST): Spring's request-path parsing in front of Spring Security's firewall failed on them with a 500
     * before the firewall saw them. Refused like every other path the firewall refuses, never a 500.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/camunda//api/engine/engine/", "/camunda//api/engine/engine/default/task",
            "/camunda/api//engine/engine/", "/camunda//api/admin/auth/user/default", "/camunda//api/cockpit/plugin/",
            "/camunda//api/tasklist/", "//engine-rest/task", "//engine-rest/engine/default/task",
            "/camunda/api/%65ngine/engine/", "/%65ngine-rest/task", "/camunda///app/", "/engine-rest//task",
            "/camunda/app//cockpit/", "/camunda//app/cockpit/default/", "//camunda/app/", "/camunda//"})
    void oddlyWrittenPathsToTheWebappsAndEngineRestAnswer400Problems(String path) throws IOException {
        for (String method : new String[] {"GET", "POST"}) {
            Answer answer = send(method + " " + path + " HTTP/1.0", "Content-Length: 0\r\n");

            assertThat(answer.status()).as(method + " " + path + " " + answer.body()).isEqualTo(400);
            assertProblemWithMessage(answer, 400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/camunda/api/engine/engine/", "/engine-rest/engine", "/engine-rest/task/count"})
    void theSamePathsWrittenPlainlyAnswerAsUsual(String path) throws IOException {
        assertThat(send("GET " + path + " HTTP/1.0", "").status()).as(path).isEqualTo(200);
    }

    @Test
    void anOverlongPathAnswersAProblem() throws IOException {
        Answer answer = send("GET /api/v1/tariffs/" + "a".repeat(10_000) + " HTTP/1.0", "");

        assertThat(answer.status()).isBetween(400, 499);
        assertProblemWithMessage(answer, answer.status());
    }

    @Test
    void anUnknownPathAnswers404Problem() throws IOException {
        Answer answer = send("GET /api/v1/no-such-thing HTTP/1.0", "");

        assertThat(answer.status()).isEqualTo(404);
        assertProblemWithMessage(answer, 404);
        // Spring's own said "No static resource api/v1/no-such-thing."
        assertThat(JSON.readTree(answer.body()).path("detail").asText())
                .isEqualTo("nothing is at GET /api/v1/no-such-thing");
    }

    @Test
    void aCockpitOfAnUnknownEngineAnswers404() throws IOException {
        Answer answer = send("GET /camunda/app/cockpit/no-such-engine/ HTTP/1.0", "");

        assertThat(answer.status()).isEqualTo(404);
        assertProblemWithMessage(answer, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cockpit", "tasklist", "admin", "welcome"})
    void theFilesBesideAWebappsStartPageAreServed(String app) throws IOException {
        Answer answer = send("GET /camunda/app/" + app + "/camunda-" + app + "-bootstrap.js HTTP/1.0", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).contains("javascript");
    }

    @Test
    void engineRestDeploymentWithoutMultipartAnswers400WithoutClassNames() throws IOException {
        Logger engineRest = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger("org.camunda.bpm.engine.rest.exception");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        engineRest.addAppender(logged);
        Answer answer;
        try {
            answer = send("POST /engine-rest/deployment/create HTTP/1.0", "Content-Length: 0\r\n");
        } finally {
            engineRest.detachAppender(logged);
        }

        assertThat(logged.list).as("answered 400, so no WARN \"ENGINE-REST-HTTP500\" with a stack trace")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("null");
    }

    @Test
    void duplicatedJsonKeysAnswer400NamingTheField() throws IOException {
        String body = "{\"name\":\"a\",\"name\":\"b\"}";
        Answer answer = send("POST /api/v1/tariff-groups HTTP/1.0", "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n", body);

        assertThat(answer.status()).isEqualTo(400);
        assertProblemWithMessage(answer, 400);
        assertThat(JSON.readTree(answer.body()).path("errors").get(0).path("field").asText()).isEqualTo("name");
    }

    private static void assertProblemWithMessage(Answer answer, int status) throws IOException {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception");
    }

    private Answer send(String requestLine, String headers) throws IOException {
        return send(requestLine, headers, "");
    }

    private Answer send(String requestLine, String headers, String body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            String request = requestLine + "\r\nHost: localhost\r\nAuthorization: Basic ZGVtbzpkZW1v\r\n" + headers
                    + "\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, end);
            int status = Integer.parseInt(head.split("\r\n", 2)[0].split(" ")[1]);
            String type = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse("");
            return new Answer(status, type, answer.substring(end + 4));
        }
    }
}
