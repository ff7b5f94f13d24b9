package com.hostflow.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Awaitility's defaults for every test of the JVM, Jupiter's and jqwik's (registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}): the first look at a condition comes
 * at once. Awaitility's own default waits one poll interval (100 ms) before it, so every wait whose condition already
 * held cost 100 ms for nothing (in CockpitAdminActionsTest, LifecycleRegressionTest, ModuleAnswersAgainTest and
 * DemoProfileSmokeTest, 55 of their 237 waits). The looks after the first still come every 100 ms, and
 * {@code during}, {@code atMost} and a {@code pollDelay} a wait gives itself mean what they meant.
 */
public class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
    }
}
