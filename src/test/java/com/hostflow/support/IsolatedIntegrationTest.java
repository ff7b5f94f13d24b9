package com.hostflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import com.hostflow.history.HostFlowHistoryLevel;

/**
 * Like {@link IntegrationTest}, but for test classes that move the clock ({@code ClockControl},
 * {@code PUT /api/v1/dev/clock}) or start billing runs: they get a Spring context and a fresh database of their own,
 * so a billing run never prolongs or suspends services another test class left behind, and no result depends on the
 * order the classes run in. Classes carrying this annotation share that one second context (each context costs
 * 15–25 s to start), so they must still clean up after themselves: reset the clock and create their own clients.
 * <p>
 * The engine's clock ({@code ClockUtil}) is one per JVM: a clock move is seen by every context's job executor. Only
 * the database keeps the contexts apart, which is why a class that moves the clock must put it back when it ends. Its
 * engine is registered under another name than "default", so these classes use the engine's Java API, not
 * {@code /engine-rest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hostflow.test.context=isolated-clock-and-billing",
        // engine REST and the webapps find engines by name in a JVM-wide registry: "default" stays the engine of the
        // IntegrationTest context, whose tests call /engine-rest and log in to Tasklist
        "camunda.bpm.process-engine-name=isolated",
        // production's history level (the test profile keeps every activity): the end-to-end lifecycle tests of this
        // context show it is enough for HostFlow, LeanHistoryCockpitTest that it is enough for Cockpit
        "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME})
@ActiveProfiles("test")
@Import({EmbeddedPostgresConfiguration.class, TestMailServer.class})
public @interface IsolatedIntegrationTest {
}
