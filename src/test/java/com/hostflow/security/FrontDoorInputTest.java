package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    private static final String RENAMED = "renamed by a refused request";

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

    /**
     * What Tomcat's connector refuses before any filter or servlet runs, sent byte for byte: each the problem shape
     * with the status the refusal deserves, the part of the request it names in {@code errors} and the requested path
     * as {@code instance}. They were all 400 "the path, query or headers contain characters or escapes that are not
     * allowed" without an {@code instance}, a 20,000-character query too; a 501 and a 505 said "an unexpected error".
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET /api/v1/tariffs?x={20000a} HTTP/1.1 | | 414 | request line | /api/v1/tariffs",
            "GET /api/v1/tariffs/{10000a} HTTP/1.1 | | 414 | request line | /api/v1/tariffs/aaaa",
            "GET /api/v1/tariffs HTTP/1.1 | X-Big: {9000a} | 431 | headers | /api/v1/tariffs",
            "GET /api/v1/tariffs HTTP/1.1 | {200 headers} | 431 | headers | /api/v1/tariffs",
            "GET /api/v1/tariffs?a=\u0001 HTTP/1.1 | | 400 | query | /api/v1/tariffs",
            "GET /api/v1/ta\u0001riffs HTTP/1.1 | | 400 | path | /api/v1/ta%01riffs",
            "GET /api/v1/tariffs?a={} HTTP/1.1 | | 400 | query | /api/v1/tariffs",
            "GET /api/v1/tariffs HTTP/1.1 | X-A: a\u0001b | 400 | x-a | /api/v1/tariffs",
            "GET /api/v1/tariffs/%zz HTTP/1.1 | | 400 | path | /api/v1/tariffs/%25zz",
            "POST /api/v1/tariff-groups HTTP/1.1 | Transfer-Encoding: gzip | 501 | Transfer-Encoding"
                    + " | /api/v1/tariff-groups",
            "POST /api/v1/tariff-groups HTTP/1.1 | Content-Length: abc | 400 | Content-Length | /api/v1/tariff-groups",
            "GET /api/v1/tariffs HTTP/1.1 | Host: other | 400 | Host | /api/v1/tariffs",
            "GET /api/v1/tariffs HTTP/9.9 | | 505 | protocol | /api/v1/tariffs",
            "GET /api/v1/tariffs FOO | | 400 | protocol | /api/v1/tariffs",
            "POST /api/v1/tariff-groups HTTP/1.1 | Expect: foo | 417 | Expect | /api/v1/tariff-groups",
            "TRACE /api/v1/tariffs HTTP/1.1 | | 405 | method | /api/v1/tariffs"})
    void whatTheConnectorRefusesIsAProblemNamingThePartAndThePath(String requestLine, String header, int status,
            String field, String instance) throws IOException {
        String headers = header == null ? "" : header.replace("{9000a}", "a".repeat(9000))
                .replace("{200 headers}", "X-H: v\r\n".repeat(200).strip()) + "\r\n";
        String line = requestLine.replace("{20000a}", "a".repeat(20_000)).replace("{10000a}", "a".repeat(10_000));
        Answer answer = send(line, headers.equals("\r\n") ? "Connection: close\r\n" : headers + "Connection: close\r\n",
                "");

        String what = line.substring(0, Math.min(60, line.length())) + " " + header;
        assertThat(answer.status()).as(what + " " + answer.body()).isEqualTo(status);
        assertProblemWithMessage(answer, status);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors").path(0).path("field").asText()).as(what).isEqualTo(field);
        assertThat(problem.path("instance").asText()).as(what).startsWith(instance);
        assertThat(problem.path("instance").asText().length()).as(what).isLessThanOrEqualTo(101);
    }

    /**
     * A request line whose method is no token (a TLS handshake on the plain port, garbage): Tomcat may answer it as
     * HTTP/0.9, the problem without a status line or headers, and closes the connection; an HTTP/2 preface on this
     * HTTP/1.1 port is closed without an answer.
     */
    @Test
    void aMethodThatIsNoTokenIsAProblemNamingTheMethod() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("G(T /api/v1/tariffs HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode problem = JSON.readTree(answer.substring(Math.max(0, answer.indexOf('{'))));

            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo("method");
        }
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(socket.getInputStream().readAllBytes()).isEmpty();
        }
    }

    /**
     * A chunked body whose chunk size is not hex: the connector refuses it while the body is read, and its 400 said
     * "the path, query or headers contain characters or escapes that are not allowed" of a request whose path and
     * headers were fine. Now it names the body and what the connector could not read; nothing is created.
     */
    @Test
    void aBodyTheConnectorCannotReadIsA400NamingTheBody() throws IOException {
        Answer answer = send("POST /api/v1/tariff-groups HTTP/1.1", "Transfer-Encoding: chunked\r\nContent-Type:"
                + " application/json\r\nConnection: close\r\n", "zz\r\n{\"name\":\"" + RENAMED + "\"}\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        String body = answer.body().substring(answer.body().indexOf('{'), answer.body().lastIndexOf('}') + 1);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("errors").path(0).path("field").asText()).as(body).isEqualTo("body");
        assertThat(problem.path("detail").asText()).contains("Invalid chunk header").doesNotContain("path, query");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/tariff-groups");
        assertThat(send("GET /api/v1/tariff-groups HTTP/1.0", "").body()).doesNotContain(RENAMED);
    }

    /**
     * Raw brackets in a query (a quote's {@code addons[ram]=4096} typed as README writes it, before encoding) are
     * refused by Tomcat; the answer named the characters to escape as {@code {}|\^`"<>#}, without the brackets.
     */
    @Test
    void rawBracketsInAQueryAreNamedAmongTheCharactersToEscape() throws IOException {
        Answer answer = send("GET /api/v1/tariffs/1/price?period=MONTH&addons[ram]=4096 HTTP/1.1",
                "Connection: close\r\n");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo("query");
        assertThat(problem.path("detail").asText()).contains("one of []{}|");
    }

    @Test
    void anUnknownPathAnswers404Problem() throws IOException {
        Answer answer = send("GET /api/v1/no-such-thing HTTP/1.0", "");

        assertThat(answer.status()).isEqualTo(404);
        assertProblemWithMessage(answer, 404);
        // Spring's own said "No static resource api/v1/no-such-thing."
        assertThat(JSON.readTree(answer.body()).path("detail").asText())
                .isEqualTo("nothing is at GET /api/v1/no-such-thing");

        // it named the path without its trailing slash, where there is something: "nothing is at GET …/tariffs"
        Answer slash = send("GET /api/v1/tariffs/ HTTP/1.0", "");
        assertThat(slash.status()).isEqualTo(404);
        assertThat(JSON.readTree(slash.body()).path("detail").asText())
                .isEqualTo("nothing is at GET /api/v1/tariffs/; paths end without a slash: /api/v1/tariffs");
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

    /**
     * Spring Security's firewall checks a header (and a parameter name) only when something reads it: UTF-8 text in a
     * header, which Tomcat reads as ISO-8859-1 and so holds C1 control characters, failed where it was first read.
     * Spring MVC reads every header of a request with a body, and HostFlow reads {@code Idempotency-Key} on every
     * request: a 500 with an ERROR logged, the change not made; elsewhere a 400 that called the header "the request
     * path". Each now answers 400 naming the header (or the parameter) as its field, logs no ERROR and changes nothing.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PUT /api/v1/tariff-groups/{group} | X-Trace: ключ | {RENAME} | x-trace",
            "POST /api/v1/tariff-groups | Accept-Language: ключ | {RENAME} | accept-language",
            "GET /api/v1/tariffs | Idempotency-Key: ключ | | idempotency-key",
            "PUT /api/v1/tariff-groups/{group} | If-Match: \"ключ\" | {RENAME} | if-match",
            "GET /console | X-Trace: ключ | | x-trace",
            "GET /engine-rest/task | X-Trace: ключ | | x-trace",
            "GET /console?a%01b=1 | X-Trace: plain | | a?b",
            "GET /my?a%01b=1 | X-Trace: plain | | a?b",
            "GET /api/v1/tariffs?a%01b=1 | X-Trace: plain | | a?b"})
    void aHeaderOrParameterNameTheFirewallRefusesIsA400NamingIt(String request, String header, String body,
            String field) throws IOException {
        String kept = "{\"name\":\"kept\"}";
        String created = send("POST /api/v1/tariff-groups HTTP/1.0", "Content-Type: application/json\r\n"
                + "Content-Length: " + kept.length() + "\r\n", kept).body();
        String group = JSON.readTree(created).path("id").asText();
        String content = body == null ? "" : body.replace("{RENAME}", "{\"name\":\"" + RENAMED + "\"}");
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        Answer answer;
        try {
            answer = send(request.replace("{group}", group) + " HTTP/1.0", header + "\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + content.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n", content);
        } finally {
            root.detachAppender(logged);
        }

        assertThat(answer.status()).as(request + " " + header + ": " + answer.body()).isEqualTo(400);
        assertProblemWithMessage(answer, 400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors").path(0).path("field").asText()).as(answer.body()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).doesNotContain("request path");
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .filteredOn(event -> event.getThreadName().startsWith("http-"))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(send("GET /api/v1/tariff-groups/" + group + " HTTP/1.0", "").body()).contains("\"kept\"");
        assertThat(send("GET /api/v1/tariff-groups HTTP/1.0", "").body()).doesNotContain(RENAMED);
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
