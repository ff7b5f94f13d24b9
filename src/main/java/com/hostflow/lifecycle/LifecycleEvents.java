package com.hostflow.lifecycle;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place where Java tells the lifecycle processes that something happened: it starts processes and correlates
 * messages, by business key (the service id) or, for a queue turn, by the waiting process instance. Every wait such a
 * message ends is modelled in the BPMN of the process that waits.
 */
@Component
public class LifecycleEvents {

    /** ModuleOperationProcess's Event_QueueTurnGiven: a slot of the module's queue is now this operation's. */
    public static final String MESSAGE_QUEUE_TURN_GIVEN = "Msg_QueueTurnGiven";

    private static final Logger log = LoggerFactory.getLogger(LifecycleEvents.class);

    private final RuntimeService runtime;

    public LifecycleEvents(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * Wakes operations whose queue turn came, in the transaction that freed it. An operation that no longer waits
     * (cancelled meanwhile) is skipped; its turn expires with its lease.
     */
    public void giveQueueTurns(List<String> processInstanceIds) {
        for (String processInstanceId : processInstanceIds) {
            boolean waiting = runtime.createEventSubscriptionQuery().processInstanceId(processInstanceId)
                    .eventName(MESSAGE_QUEUE_TURN_GIVEN).count() > 0;
            if (waiting) {
                runtime.createMessageCorrelation(MESSAGE_QUEUE_TURN_GIVEN).processInstanceId(processInstanceId)
                        .correlateWithResult();
            } else {
                log.debug("queue turn for {} given while it does not wait; it takes it on its next try",
                        processInstanceId);
            }
        }
    }
}
