package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.web.RemoteCallFailedException;
import com.sun.net.httpserver.HttpServer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A deletion code is a secret: whoever reads it can delete the client's service. Outside the demo no log line carries
 * it (the logging sender masks it; the HTTP gateway logs neither text nor token), and the HTTP gateway sends the text
 * to a real HTTP server as it should. The logging sender used to write every text whole at INFO, in production too.
 */
class SmsSendersTest {

    private static final String PHONE = "+31611111111";
    private static final String TEXT = "Your code to delete service #7 is 482913. It is valid for 10 minutes.";

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final List<Logger> loggers = List.of(logger(LoggingSmsSender.class), logger(HttpSmsSender.class));
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;

    record Received(String method, String path, String authorization, String contentType, String body) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SmsSettings.class)
    @Import(SmsConfiguration.class)
    static class Sms {
    }

    @BeforeEach
    void captureLogsAndServe() throws IOException {
        logged.start();
        loggers.forEach(logger -> logger.addAppender(logged));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/sms", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = "{\"id\":\"msg-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        loggers.forEach(logger -> logger.detachAppender(logged));
        server.stop(0);
    }

    @Test
    void inProductionALoggedTextCarriesNoCode() {
        new ApplicationContextRunner().withUserConfiguration(Sms.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.profiles.active=postgres")
                .run(context -> {
                    SmsSender sender = context.getBean(SmsSender.class);
                    assertThat(sender).isInstanceOf(LoggingSmsSender.class);
                    sender.send(PHONE, TEXT);
                });

        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line).doesNotContain("482913").doesNotContain(PHONE)
                    .contains("**********11", "delete service #7 is ******", "no SMS gateway is configured");
        });
    }

    /** README's way to the demo's code: the demo profile's log shows the text whole. */
    @Test
    void theDemoLogsTheWholeText() {
        new ApplicationContextRunner().withUserConfiguration(Sms.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .run(context -> context.getBean(SmsSender.class).send(PHONE, TEXT));

        assertThat(lines()).containsExactly("SMS to " + PHONE + ": " + TEXT);
    }

    @Test
    void aConfiguredGatewayGetsTheTextAsJsonWithItsTokenAndTheLogNeitherTextNorToken() throws Exception {
        String token = "sms-token-Zq8";
        new ApplicationContextRunner().withUserConfiguration(Sms.class)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.profiles.active=postgres", "HOSTFLOW_SMS_URL=" + gatewayUrl(),
                        "HOSTFLOW_SMS_TOKEN=" + token, "HOSTFLOW_SMS_FROM=Hoster")
                .run(context -> {
                    SmsSender sender = context.getBean(SmsSender.class);
                    assertThat(sender).isInstanceOf(HttpSmsSender.class);
                    sender.send(PHONE, TEXT);
                    assertThat(context.getBean(SmsSettings.class).toString()).doesNotContain(token);
                });

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/sms/send");
            assertThat(request.authorization()).isEqualTo("Bearer " + token);
            assertThat(request.contentType()).startsWith("application/json");
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("to").asText()).isEqualTo(PHONE);
            assertThat(body.get("text").asText()).isEqualTo(TEXT);
            assertThat(body.get("from").asText()).isEqualTo("Hoster");
        });
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line)
                .isEqualTo("SMS to **********11 handed to the SMS gateway"));
    }

    @Test
    void aGatewayThatFailsIsARemoteFailureThatNamesNeitherTextNorToken() {
        answer = 503;
        HttpSmsSender sender = new HttpSmsSender(new SmsSettings.Http(URI.create(gatewayUrl()), "t0ken", null,
                Duration.ofSeconds(2), Duration.ofSeconds(2)));

        assertThatThrownBy(() -> sender.send(PHONE, TEXT)).isInstanceOfSatisfying(RemoteCallFailedException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(HttpSmsSender.FAILED);
                    assertThat(e.getMessage()).contains("HTTP 503").doesNotContain("482913").doesNotContain("t0ken");
                });
        assertThat(received).singleElement().satisfies(request -> assertThat(request.body()).doesNotContain("from"));
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line).contains("HTTP 503")
                .doesNotContain("482913").doesNotContain(PHONE).doesNotContain("t0ken"));
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/sms/send";
    }

    private List<String> lines() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger logger(Class<?> type) {
        return (Logger) LoggerFactory.getLogger(type);
    }
}
