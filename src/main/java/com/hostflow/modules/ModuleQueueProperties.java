package com.hostflow.modules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leases of queue turns. A running operation's turn lasts {@code runningLease} from its last acquire or renewal; a
 * waiting operation keeps its place for {@code waitingLease} after its last try. Past that the row is dropped, so a
 * crashed node or a deleted process never blocks a queue for good. A waiting operation tries again every
 * {@code hostflow.workflow.module-operation.queue-recheck} (5 minutes), later when the job executor is busy, so its
 * lease must be several rechecks long: a lease as short as the recheck expired before the try that renews it and sent
 * the operation to the back of the line over and over (seen draining 10,000 suspensions).
 */
@ConfigurationProperties("hostflow.modules.queue")
public record ModuleQueueProperties(@DefaultValue("1h") Duration runningLease,
        @DefaultValue("30m") Duration waitingLease) {
}
