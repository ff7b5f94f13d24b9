package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.TimerStartEventJobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.core.Ordered;

/**
 * A process that only HostFlow starts: its own code through {@link LifecycleEvents} (the API's request, checked and
 * audited there, or a step of another process), a process that calls it (a call activity; the caller's start was
 * checked) or, for a process with a timer start event, that timer's job. Started by hand through the engine REST or
 * Cockpit, it skipped what the API checks and writes before it starts: a prolongation started at
 * Task_SuspendForBilling or Task_DeleteUnpaid suspended or deleted a paid ACTIVE service, a deletion closed a service's
 * VM with no deletion on record, a module close deleted an ACTIVE service's VM, and a suspension, resume, password
 * reset or billing run left no audit entry. Refused with 400, nothing started, pointing to the API's request that
 * does it. Costs no query: the billing run starts thousands of prolongations.
 */
public final class StartedOnlyByHostFlow implements ProcessStartCheck {

    private final String processKey;
    private final String instead;

    /** {@code instead}: what an admin uses to do what the start by hand would, e.g. the API's request. */
    public StartedOnlyByHostFlow(String processKey, String instead) {
        this.processKey = processKey;
        this.instead = instead;
    }

    @Override
    public String processKey() {
        return processKey;
    }

    /** After the process's own checks, whose refusals say more. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void check(DelegateExecution execution) {
        if (!startedByHand(execution)) {
            return;
        }
        throw new IllegalStateException("a " + processKey + " is started by HostFlow, not by hand (it would skip"
                + " what HostFlow checks and records first): " + instead);
    }

    /** Neither HostFlow's own code, nor a calling process, nor the process's timer start event starts it. */
    static boolean startedByHand(DelegateExecution execution) {
        if (LifecycleEvents.startingOwnProcess()
                || ((ExecutionEntity) execution).getProcessInstance().getSuperExecution() != null) {
            return false;
        }
        CommandContext command = Context.getCommandContext();
        JobEntity job = command == null ? null : command.getCurrentJob();
        return job == null || !TimerStartEventJobHandler.TYPE.equals(job.getJobHandlerType());
    }
}
