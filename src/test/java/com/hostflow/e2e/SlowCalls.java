package com.hostflow.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;

/**
 * A handler whose call lasts until the test lets it finish ({@link LifecycleRegressionTest}'s item D6), on a topic
 * only that test's processes use. Registered in {@link ShortRetriesIntegrationTest}'s context.
 */
final class SlowCalls implements ExternalTaskHandler {

    static final String TOPIC = "d6-slow-call";
    private final AtomicInteger started = new AtomicInteger();
    private volatile CountDownLatch finish = new CountDownLatch(1);

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public List<String> variables() {
        return List.of();
    }

    @Override
    public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
        started.incrementAndGet();
        try {
            if (!finish.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the call finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        completion.complete(task, Map::of);
    }

    int started() {
        return started.get();
    }

    void finish() {
        finish.countDown();
    }

    void reset() {
        started.set(0);
        finish = new CountDownLatch(1);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        SlowCalls slowCalls() {
            return new SlowCalls();
        }
    }
}
