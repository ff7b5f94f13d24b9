package com.hostflow.interleaving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.hostflow.HostFlowApplication;
import com.hostflow.common.time.ClockControl;
import com.hostflow.lifecycle.deletion.SmsSender;
import com.hostflow.support.EmbeddedPostgresConfiguration;

/**
 * The whole application, started once for the property class with a database of its own on the embedded PostgreSQL
 * server (jqwik does not run Spring's Jupiter extension, so the property starts it itself) and with short module
 * timings, so that a scenario's retries and back-offs take seconds, not hours. The engine's clock is one per JVM, so
 * the property puts it back when it closes the application.
 */
final class HostFlowUnderTest implements AutoCloseable {

    /** Short timings: scenarios settle in seconds. Business timers (payment deadlines, weekends, period ends) stay. */
    static final Map<String, Object> SETTINGS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("spring.main.banner-mode", "off"),
            Map.entry("hostflow.test.context", "lifecycle-interleaving"),
            // engines are registered by name JVM-wide; "default" belongs to the IntegrationTest context
            Map.entry("camunda.bpm.process-engine-name", "interleaving"),
            // Cockpit and Tasklist keep JVM-wide state that the last context to start them owns: once this context
            // closed, the Tasklist login of the contexts that live on failed to render (DepartmentTaskBrowserTest)
            Map.entry("camunda.bpm.webapp.enabled", "false"),
            Map.entry("hostflow.workflow.module-operation.retry-cycle", "PT1S,PT2S"),
            Map.entry("hostflow.workflow.module-operation.poll-backoff", "PT1S,PT2S,PT5S"),
            Map.entry("hostflow.workflow.module-operation.poll-interval", "PT5S"),
            Map.entry("hostflow.workflow.module-operation.retry-later", "PT1M"),
            // a wait for a VMmanager that was down ends when it answers again: checked often, so that wake races the
            // scenario's withdrawals and deletions
            Map.entry("hostflow.workflow.module-operation.answer-check", "PT2S"),
            Map.entry("hostflow.workers.max-idle-wait", "PT0.1S"),
            Map.entry("hostflow.workers.retry-timeout", "PT2S"),
            Map.entry("camunda.bpm.job-execution.wait-time-in-millis", "100"),
            Map.entry("camunda.bpm.job-execution.max-wait", "100"),
            Map.entry("logging.level.com.hostflow", "ERROR"),
            Map.entry("logging.level.com.hostflow.interleaving", "INFO"),
            // what the module worker did with a task (left to another fetch, failed, could not report): the first
            // question when a scenario does not settle
            Map.entry("logging.level.com.hostflow.lifecycle.ExternalTaskWorker", "INFO"),
            Map.entry("logging.level.org.camunda", "ERROR"));

    /** The loggers SETTINGS quiets; Logback is one per JVM, so their levels are put back when the property ends. */
    private static final List<String> QUIETED = List.of("com.hostflow", "com.hostflow.interleaving",
            "com.hostflow.lifecycle.ExternalTaskWorker", "org.camunda");

    final ConfigurableApplicationContext context;
    final int port;
    final Api api;
    final SimulatorPanel panel;
    private final Map<String, LogLevel> levelsBefore;

    private HostFlowUnderTest(ConfigurableApplicationContext context, Map<String, LogLevel> levelsBefore) {
        this.context = context;
        this.levelsBefore = levelsBefore;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.api = new Api(port);
        this.panel = new SimulatorPanel(port);
    }

    static HostFlowUnderTest start() {
        Map<String, LogLevel> levelsBefore = new HashMap<>();
        LoggingSystem logging = LoggingSystem.get(HostFlowUnderTest.class.getClassLoader());
        for (String logger : QUIETED) {
            LoggerConfiguration configuration = logging.getLoggerConfiguration(logger);
            levelsBefore.put(logger, configuration == null ? null : configuration.getConfiguredLevel());
        }
        return new HostFlowUnderTest(new SpringApplicationBuilder(HostFlowApplication.class,
                EmbeddedPostgresConfiguration.class, TestBeans.class)
                .profiles("test")
                .properties(new LinkedHashMap<>(SETTINGS))
                .run(), levelsBefore);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The deletion codes texted to clients' phones. */
    RecordingSmsSender sms() {
        return bean(RecordingSmsSender.class);
    }

    @Override
    public void close() {
        try {
            bean(ClockControl.class).reset();
        } finally {
            context.close();
            // test classes that run later in this JVM read log lines (the SMS code sender's, for one)
            LoggingSystem logging = LoggingSystem.get(HostFlowUnderTest.class.getClassLoader());
            levelsBefore.forEach(logging::setLogLevel);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {

        /** Primary: the default logging sender is declared too (its condition is evaluated before this class). */
        @Bean
        @Primary
        RecordingSmsSender recordingSmsSender() {
            return new RecordingSmsSender();
        }
    }

    /** Keeps the texts instead of sending them, so the client can type the deletion code it "received". */
    static final class RecordingSmsSender implements SmsSender {

        private static final Pattern CODE = Pattern.compile("delete service #(\\d+) is (\\d{6})");
        private final List<String> texts = new ArrayList<>();

        @Override
        public synchronized void send(String phone, String text) {
            texts.add(text);
        }

        /** The latest code sent for the service, or null. */
        synchronized String codeFor(long serviceId) {
            for (int i = texts.size() - 1; i >= 0; i--) {
                Matcher matcher = CODE.matcher(texts.get(i));
                if (matcher.find() && Long.parseLong(matcher.group(1)) == serviceId) {
                    return matcher.group(2);
                }
            }
            return null;
        }
    }
}
