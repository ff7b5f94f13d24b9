package com.hostflow.support;

import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/**
 * The BPMN path tests' standalone engine ({@link EmbeddedPostgresProcessEngineConfiguration}), configured in
 * {@code standalone-engine.cfg.xml}: not Camunda's default name {@code camunda.cfg.xml}, which
 * {@code ProcessEngines.init()} looks for on the class path. The engine REST API of every Spring test context asks
 * {@code ProcessEngines} for its engine, and under that name the first request of each test JVM built a second
 * standalone engine on a database of its own (about 2 s, in whichever test sent it), beside the one the path tests use.
 */
public final class StandaloneEngine {

    public static final String CONFIGURATION = "standalone-engine.cfg.xml";

    private StandaloneEngine() {
    }

    /** The extension a path test registers ({@code @RegisterExtension}). */
    public static ProcessEngineExtension extension() {
        return ProcessEngineExtension.builder().configurationResource(CONFIGURATION).build();
    }
}
