package com.hostflow.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import com.hostflow.support.EmbeddedPostgresConfiguration;
import com.hostflow.support.TestMailServer;

/**
 * The whole application in a context of its own with short module timings (a poll after 0.2 s, then every 0.5 s; two
 * retries 0.5 s apart; a module healthy at once), so that failures, retries and waits for a module take seconds:
 * {@link CockpitAdminActionsTest}, {@link ModuleAnswersAgainTest} and {@link LifecycleRegressionTest}. They move the
 * clock and run billing runs, so not in the shared IntegrationTest context; they share this one (each context costs
 * 15–25 s of CPU to start), so each cleans up after itself: clock reset, clients and catalog of its own. Retry-later
 * stays an hour: ModuleAnswersAgainTest shows an operation waiting for a module wakes when the module answers again,
 * not when that wait ends (no test waits it out).
 * <p>
 * Engines are registered JVM-wide by name: "default" belongs to the IntegrationTest context, this one's is
 * {@link #ENGINE} (Cockpit's calls name it in {@code /engine-rest/engine/{name}}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hostflow.test.context=short-retries",
        "camunda.bpm.process-engine-name=" + ShortRetriesIntegrationTest.ENGINE,
        "hostflow.workflow.module-operation.poll-backoff=PT0.2S",
        "hostflow.workflow.module-operation.poll-interval=PT0.5S",
        "hostflow.workflow.module-operation.retry-cycle=R2/PT0.5S",
        "hostflow.workflow.module-operation.retry-later=PT1H",
        "hostflow.modules.healthy-for=PT0S"})
@ActiveProfiles("test")
@Import({EmbeddedPostgresConfiguration.class, TestMailServer.class, SlowCalls.Registration.class})
@interface ShortRetriesIntegrationTest {

    String ENGINE = "shortretries";
}
