package com.hostflow.lifecycle;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs the external tasks of a standalone test engine through the real handlers, the way {@link ExternalTaskWorker}
 * does in the application, but on the test's thread and one fetch at a time, so process tests stay deterministic.
 */
public final class ExternalTaskRunner {

    private static final String WORKER = "test-worker";

    private final ExternalTaskService externalTasks;
    private final Map<String, ExternalTaskHandler> handlers;
    private final ExternalTaskCompletion completion;

    public ExternalTaskRunner(ProcessEngine engine, ExternalTaskHandler... handlers) {
        this.externalTasks = engine.getExternalTaskService();
        this.handlers = Arrays.stream(handlers)
                .collect(Collectors.toMap(ExternalTaskHandler::topic, Function.identity()));
        this.completion = new ExternalTaskCompletion(externalTasks, TransactionOperations.withoutTransaction(),
                WORKER);
    }

    /** Handles every external task that can be fetched now; answers how many ran. */
    public int runAvailable() {
        ExternalTaskQueryBuilder query = externalTasks.fetchAndLock(100, WORKER);
        for (ExternalTaskHandler handler : handlers.values()) {
            query = query.topic(handler.topic(), 60_000).variables(handler.variables().toArray(String[]::new));
        }
        List<LockedExternalTask> tasks = query.execute();
        for (LockedExternalTask task : tasks) {
            try {
                handlers.get(task.getTopicName()).handle(task, completion);
            } catch (RuntimeException e) {
                int retries = (task.getRetries() == null ? 3 : task.getRetries()) - 1;
                externalTasks.handleFailure(task.getId(), WORKER, e.getMessage(), e.toString(), Math.max(retries, 0),
                        60_000);
            }
        }
        return tasks.size();
    }
}
