package com.hostflow.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A job that lost to a concurrent change (a PostgreSQL deadlock or serialization failure, an optimistic lock: see
 * {@link ConcurrentChanges}) is run again without using up one of its retries. Such a loss says nothing about the
 * job: a burst of due work (10,000 BILLING suspensions of a few clients at once, whose jobs lock the same accounts,
 * lanes and queue rows in different orders) made some of them lose three times in a row, and a healthy service became
 * an incident that nobody would ever resolve. After {@value #MAX_RUNS_AGAIN} such losses in a row on this node the
 * job is treated as failed the usual way (retries, then an incident), so a conflict that never goes away still shows.
 */
@Component
class ConcurrentChangeJobRetries extends AbstractProcessEnginePlugin {

    static final int MAX_RUNS_AGAIN = 10;
    private static final Logger log = LoggerFactory.getLogger(ConcurrentChangeJobRetries.class);
    private static final int REMEMBERED_JOBS = 10_000;

    private final Map<String, Integer> losses = new ConcurrentHashMap<>();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        FailedJobCommandFactory usual = configuration.getFailedJobCommandFactory() != null
                ? configuration.getFailedJobCommandFactory() : new DefaultFailedJobCommandFactory();
        configuration.setFailedJobCommandFactory((jobId, failure) -> {
            if (!ConcurrentChanges.isConcurrentChange(failure)) {
                losses.remove(jobId);
                return usual.getCommand(jobId, failure);
            }
            if (losses.size() > REMEMBERED_JOBS) {
                losses.clear();
            }
            int lost = losses.merge(jobId, 1, Integer::sum);
            if (lost > MAX_RUNS_AGAIN) {
                losses.remove(jobId);
                log.warn("job {} met a concurrent change {} times in a row; failing it: {}", jobId, lost,
                        failure.toString());
                return usual.getCommand(jobId, failure);
            }
            log.info("job {} met a concurrent change ({} of {}), runs again: {}", jobId, lost, MAX_RUNS_AGAIN,
                    failure.toString());
            return runAgain(jobId);
        });
    }

    /** Unlocks the job as it is, retries and due date untouched: the next acquisition takes it again. */
    private static Command<Object> runAgain(String jobId) {
        return commandContext -> {
            JobEntity job = commandContext.getJobManager().findJobById(jobId);
            if (job != null) {
                job.unlock();
            }
            return null;
        };
    }
}
