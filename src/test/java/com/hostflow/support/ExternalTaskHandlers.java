package com.hostflow.support;

import java.util.List;
import java.util.function.BiConsumer;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;

/** Handlers of a test's own topic for HostFlow's external-task workers. */
public final class ExternalTaskHandlers {

    private ExternalTaskHandlers() {
    }

    /** A handler of {@code topic} that reads no variables and does {@code work} with each task. */
    public static ExternalTaskHandler handler(String topic,
            BiConsumer<LockedExternalTask, ExternalTaskCompletion> work) {
        return new ExternalTaskHandler() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public List<String> variables() {
                return List.of();
            }

            @Override
            public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
                work.accept(task, completion);
            }
        };
    }
}
