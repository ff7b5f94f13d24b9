package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class ModuleQueueSlotsTest {

    private static final AtomicLong MODULE_IDS = new AtomicLong(700_000);

    @Autowired
    ModuleQueueSlots queue;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void letsNRunAndTheRestWaitInArrivalOrder() {
        ProcessingModuleConfig module = module(2, "cluster", "1");

        assertThat(queue.tryAcquire(module, "a").acquired()).isTrue();
        assertThat(queue.tryAcquire(module, "b").acquired()).isTrue();
        assertThat(queue.tryAcquire(module, "c")).isEqualTo(new ModuleQueueSlots.Turn(false, 0));
        assertThat(queue.tryAcquire(module, "d")).isEqualTo(new ModuleQueueSlots.Turn(false, 1));
        assertThat(queue.tryAcquire(module, "a").acquired()).as("a holder asking again keeps its turn").isTrue();

        queue.release(module.id(), "a");
        assertThat(queue.tryAcquire(module, "d")).as("d comes after c").isEqualTo(new ModuleQueueSlots.Turn(false, 1));
        assertThat(queue.tryAcquire(module, "c").acquired()).isTrue();
        queue.release(module.id(), "b");
        assertThat(queue.tryAcquire(module, "d").acquired()).isTrue();
        queue.release("b");
        queue.release("c");
        assertThat(queue.tryAcquire(module, "e").acquired()).isTrue();
    }

    @Test
    void separatesQueuesByTheQueueKeyValue() {
        long id = MODULE_IDS.incrementAndGet();
        ProcessingModuleConfig clusterOne = module(id, 1, "cluster", "1");
        ProcessingModuleConfig clusterTwo = module(id, 1, "cluster", "2");

        assertThat(queue.tryAcquire(clusterOne, "x").acquired()).isTrue();
        assertThat(queue.tryAcquire(clusterTwo, "y").acquired()).isTrue();
        assertThat(queue.tryAcquire(clusterOne, "z").acquired()).isFalse();
        assertThat(ModuleQueueSlots.queueValue(clusterTwo)).isEqualTo("cluster=2");
        assertThat(ModuleQueueSlots.queueValue(module(1, "", "1"))).isEqualTo("*");
    }

    @Test
    void aModuleWithoutQueueRunsEverythingAtOnce() {
        ProcessingModuleConfig module = new ProcessingModuleConfig(MODULE_IDS.incrementAndGet(), "manual", "vds", "m",
                null, null, "support", 1, null, null, null, null, new ProcessingModuleConfig.Queue(false, 1, null));

        for (int i = 0; i < 5; i++) {
            assertThat(queue.tryAcquire(module, "op-" + i).acquired()).isTrue();
        }
    }

    @Test
    void aTurnOfAVanishedOperationExpires() {
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        ModuleQueueSlots leased = new ModuleQueueSlots(jdbc, transactions, clock,
                new ModuleQueueProperties(Duration.ofMinutes(10), Duration.ofMinutes(2)));
        ProcessingModuleConfig module = module(1, "cluster", "1");

        assertThat(leased.tryAcquire(module, "crashed").acquired()).isTrue();
        assertThat(leased.tryAcquire(module, "next").acquired()).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(leased.tryAcquire(module, "next").acquired()).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(leased.tryAcquire(module, "next").acquired()).as("the crashed node's lease ran out").isTrue();

        clock.now = clock.now.plus(Duration.ofMinutes(9));
        leased.renew(module, "next");
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(leased.tryAcquire(module, "after").acquired()).as("a renewed turn is still held").isFalse();
    }

    private static ProcessingModuleConfig module(int queues, String queueKey, String cluster) {
        return module(MODULE_IDS.incrementAndGet(), queues, queueKey, cluster);
    }

    private static ProcessingModuleConfig module(long id, int queues, String queueKey, String cluster) {
        return new ProcessingModuleConfig(id, "vmmanager6", "vds", "queue test " + UUID.randomUUID(), 1L, "dc", "support",
                1, "http://localhost", "admin@example.com", "secret",
                new ProcessingModuleConfig.Settings(cluster, false, false),
                new ProcessingModuleConfig.Queue(true, queues, queueKey));
    }

    private static final class MovableClock extends Clock {

        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
