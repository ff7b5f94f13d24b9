package com.hostflow.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process external-task worker ({@code hostflow.workers}).
 *
 * @param enabled      off only for tests that complete external tasks themselves
 * @param threads      calls of other systems that run at once on this node (they wait on the network, not the CPU)
 * @param lockDuration how long a fetched task stays this node's; past it (a crashed node) another node takes it over,
 *                     so it must exceed the longest call (connect + read timeouts of the slowest module)
 * @param maxIdleWait  longest pause between two fetches when there is nothing to do; tasks created on this node wake
 *                     the worker at once, tasks of other nodes and retries due are found within this pause
 * @param retries      attempts at a task whose handler fails unexpectedly before it becomes an incident
 * @param retryTimeout wait between those attempts
 */
@ConfigurationProperties("hostflow.workers")
public record ExternalTaskWorkerSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int threads,
        @DefaultValue("PT5M") Duration lockDuration,
        @DefaultValue("PT1S") Duration maxIdleWait,
        @DefaultValue("3") int retries,
        @DefaultValue("PT1M") Duration retryTimeout) {
}
