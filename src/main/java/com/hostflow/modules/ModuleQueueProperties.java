package com.hostflow.modules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leases of queue turns. A running operation's turn lasts {@code runningLease} from its last acquire or renewal; a
 * waiting operation keeps its place for {@code waitingLease} after its last try. Past that the row is dropped, so a
 * crashed node or a deleted process never blocks a queue for good.
 */
@ConfigurationProperties("hostflow.modules.queue")
public record ModuleQueueProperties(@DefaultValue("1h") Duration runningLease,
        @DefaultValue("5m") Duration waitingLease) {
}
