package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    /** Every call runs in its own transaction, as the engine's short transactions do. */
    private ModuleQueueSlots.Turn acquire(ModuleQueueSlots slots, ProcessingModuleConfig module, String key) {
        return new TransactionTemplate(transactions).execute(s -> slots.tryAcquire(module, key, "pi-" + key, false));
    }

    private ModuleQueueSlots.Turn acquireBehindOthers(ProcessingModuleConfig module, String key) {
        return new TransactionTemplate(transactions).execute(s -> queue.tryAcquire(module, key, "pi-" + key, true));
    }

    private List<String> release(ModuleQueueSlots slots, String key) {
        return new TransactionTemplate(transactions).execute(s -> slots.release(key));
    }

    @Test
    void letsNRunAndHandsFreedTurnsToTheWaitingInArrivalOrder() {
        ProcessingModuleConfig module = module(2, "cluster", "1");

        assertThat(acquire(queue, module, "a").acquired()).isTrue();
        assertThat(acquire(queue, module, "b").acquired()).isTrue();
        assertThat(acquire(queue, module, "c")).isEqualTo(new ModuleQueueSlots.Turn(false, 0));
        assertThat(acquire(queue, module, "d")).isEqualTo(new ModuleQueueSlots.Turn(false, 1));
        assertThat(acquire(queue, module, "a").acquired()).as("a holder asking again keeps its turn").isTrue();

        assertThat(release(queue, "a")).as("c waited longest").containsExactly("pi-c");
        assertThat(acquire(queue, module, "c").acquired()).as("c was given the turn").isTrue();
        assertThat(acquire(queue, module, "d")).as("d still waits").isEqualTo(new ModuleQueueSlots.Turn(false, 0));
        assertThat(release(queue, "b")).containsExactly("pi-d");
        assertThat(release(queue, "b")).as("releasing twice is harmless").isEmpty();
        assertThat(release(queue, "c")).isEmpty();
        assertThat(acquire(queue, module, "e").acquired()).isTrue();
    }

    /** A round of drift syncs on a queued module: the orders that come meanwhile go first, the syncs keep their order. */
    @Test
    void operationsWaitingBehindOthersLetEveryOtherWaitingOperationGoFirst() {
        ProcessingModuleConfig module = module(1, "cluster", "1");

        assertThat(acquireBehindOthers(module, "sync-1").acquired()).as("a free slot is anybody's").isTrue();
        assertThat(acquireBehindOthers(module, "sync-2")).isEqualTo(new ModuleQueueSlots.Turn(false, 0));
        assertThat(acquireBehindOthers(module, "sync-3")).isEqualTo(new ModuleQueueSlots.Turn(false, 1));
        assertThat(acquire(queue, module, "order-1")).as("ahead of the syncs waiting")
                .isEqualTo(new ModuleQueueSlots.Turn(false, 0));
        assertThat(acquire(queue, module, "order-2")).isEqualTo(new ModuleQueueSlots.Turn(false, 1));
        assertThat(acquireBehindOthers(module, "sync-2")).as("its re-check finds the orders ahead of it (at least one)")
                .isEqualTo(new ModuleQueueSlots.Turn(false, 1));

        assertThat(release(queue, "sync-1")).containsExactly("pi-order-1");
        assertThat(release(queue, "order-1")).containsExactly("pi-order-2");
        assertThat(release(queue, "order-2")).containsExactly("pi-sync-2");
        assertThat(release(queue, "sync-2")).containsExactly("pi-sync-3");
    }

    @Test
    void newSettingsTakeEffectAtOnceMoreSlotsOrNoQueueGiveWaitingOperationsTheirTurnsFewerTakeNone() {
        long id = MODULE_IDS.incrementAndGet();
        ProcessingModuleConfig two = module(id, 2, "cluster", "1");
        for (String key : List.of("a", "b", "c", "d", "e", "f")) {
            acquire(queue, two, key);
        }

        assertThat(settingsChanged(module(id, 1, "cluster", "1"))).as("fewer slots take none").isEmpty();
        assertThat(release(queue, "a")).as("b alone fills the one slot left").isEmpty();
        assertThat(settingsChanged(module(id, 3, "cluster", "1"))).as("waiting longest first")
                .containsExactly("pi-c", "pi-d");
        assertThat(release(queue, "b")).as("three slots now, also for a release").containsExactly("pi-e");
        ProcessingModuleConfig unqueued = new ProcessingModuleConfig(id, "vmmanager6", "vds", "no queue", 1L, "dc",
                "support", 1, "http://localhost", "admin@example.com", "secret",
                new ProcessingModuleConfig.Settings("1", false, false), new ProcessingModuleConfig.Queue(false, 1, null));
        assertThat(settingsChanged(unqueued)).as("no queue: everybody").containsExactly("pi-f");
    }

    private List<String> settingsChanged(ProcessingModuleConfig module) {
        return new TransactionTemplate(transactions).execute(s -> queue.settingsChanged(module));
    }

    @Test
    void aWaitingOperationThatGivesUpFreesNoTurn() {
        ProcessingModuleConfig module = module(1, "cluster", "1");

        assertThat(acquire(queue, module, "holder").acquired()).isTrue();
        assertThat(acquire(queue, module, "quitter").acquired()).isFalse();
        assertThat(acquire(queue, module, "patient").acquired()).isFalse();

        assertThat(release(queue, "quitter")).as("the slot is still held").isEmpty();
        assertThat(release(queue, "holder")).containsExactly("pi-patient");
    }

    @Test
    void separatesQueuesByTheQueueKeyValue() {
        long id = MODULE_IDS.incrementAndGet();
        ProcessingModuleConfig clusterOne = module(id, 1, "cluster", "1");
        ProcessingModuleConfig clusterTwo = module(id, 1, "cluster", "2");

        assertThat(acquire(queue, clusterOne, "x").acquired()).isTrue();
        assertThat(acquire(queue, clusterTwo, "y").acquired()).isTrue();
        assertThat(acquire(queue, clusterOne, "z").acquired()).isFalse();
        assertThat(ModuleQueueSlots.queueValue(clusterTwo)).isEqualTo("cluster=2");
        assertThat(ModuleQueueSlots.queueValue(module(1, "", "1"))).isEqualTo("*");
    }

    @Test
    void aModuleWithoutQueueRunsEverythingAtOnce() {
        ProcessingModuleConfig module = new ProcessingModuleConfig(MODULE_IDS.incrementAndGet(), "manual", "vds", "m",
                null, null, "support", 1, null, null, null, null, new ProcessingModuleConfig.Queue(false, 1, null));

        for (int i = 0; i < 5; i++) {
            assertThat(acquire(queue, module, "op-" + i).acquired()).isTrue();
        }
    }

    @Test
    void needsTheCallersTransaction() {
        ProcessingModuleConfig module = module(1, "cluster", "1");

        assertThatThrownBy(() -> queue.tryAcquire(module, "alone", "pi", false))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aTurnOfAVanishedOperationExpires() {
        ModuleQueueSlots leased = new ModuleQueueSlots(jdbc, Clock.systemUTC(),
                new ModuleQueueProperties(Duration.ofMinutes(10), Duration.ofMinutes(2)));
        ProcessingModuleConfig module = module(1, "cluster", "1");

        assertThat(acquire(leased, module, "crashed").acquired()).isTrue();
        assertThat(acquire(leased, module, "next").acquired()).isFalse();
        databaseClockPasses(module.id(), Duration.ofMinutes(9));
        assertThat(acquire(leased, module, "next").acquired()).isFalse();
        databaseClockPasses(module.id(), Duration.ofMinutes(2));
        assertThat(acquire(leased, module, "next").acquired()).as("the crashed node's lease ran out").isTrue();

        databaseClockPasses(module.id(), Duration.ofMinutes(9));
        new TransactionTemplate(transactions).executeWithoutResult(s -> leased.renew("next"));
        databaseClockPasses(module.id(), Duration.ofMinutes(9));
        assertThat(acquire(leased, module, "after").acquired()).as("a renewed turn is still held").isFalse();
    }

    /**
     * The demo's clock moved a month on while a queue of 2 ran 2 opens: their turns' leases, judged by that clock,
     * had run out, 2 waiting opens took turns beside them, and VMmanager ran 4 tasks at once.
     */
    @Test
    void theApplicationsClockMovedOnTakesNoTurnFromARunningOperation() {
        MovableClock clock = new MovableClock(Instant.now());
        ModuleQueueSlots moved = new ModuleQueueSlots(jdbc, clock,
                new ModuleQueueProperties(Duration.ofMinutes(10), Duration.ofMinutes(2)));
        ProcessingModuleConfig module = module(1, "cluster", "1");
        assertThat(acquire(moved, module, "running").acquired()).isTrue();

        clock.now = clock.now.plus(Duration.ofDays(31));

        assertThat(acquire(moved, module, "next").acquired()).as("the running operation still holds the turn")
                .isFalse();
        assertThat(release(moved, "running")).containsExactly("pi-next");
    }

    /** Time passing for the leases of the module's queues (or a service's lane): they are judged by the database. */
    private void databaseClockPasses(long moduleId, Duration passed) {
        jdbc.update("update hostflow.module_queue_entry e set lease_until = lease_until - ? * interval '1 millisecond'"
                + " from hostflow.module_queue q where q.id = e.queue_id and q.module_id = ?", passed.toMillis(),
                moduleId);
    }

    @Test
    void aServicesLaneIsHeldWhileItsProcessRunsHoweverLongAndFreedWhenTheProcessIsGone() {
        // long run seed -654594125419339688: a resume held the lane while VMmanager started the host, the clock moved
        // two days, the lane's lease ran out and an ABUSE suspension took it, read SUSPENDED and only added its
        // reason; the resume then started the host: a SUSPENDED service with a running host
        ModuleQueueSlots leased = new ModuleQueueSlots(jdbc, Clock.systemUTC(),
                new ModuleQueueProperties(Duration.ofMinutes(10), Duration.ofMinutes(2)));
        long serviceId = MODULE_IDS.incrementAndGet();
        Set<String> running = new HashSet<>(List.of("pi-resume", "pi-suspension"));

        assertThat(lane(leased, serviceId, "pi-resume", running).acquired()).isTrue();
        databaseClockPasses(serviceId, Duration.ofDays(2));
        assertThat(lane(leased, serviceId, "pi-suspension", running).acquired())
                .as("the resume still runs: its lane outlasts the lease").isFalse();

        running.remove("pi-resume");
        databaseClockPasses(serviceId, Duration.ofMinutes(11));
        assertThat(lane(leased, serviceId, "pi-suspension", running).acquired())
                .as("the resume is gone without giving the lane back: its lease runs out").isTrue();
    }

    private ModuleQueueSlots.Turn lane(ModuleQueueSlots slots, long serviceId, String processInstanceId,
            Set<String> running) {
        return new TransactionTemplate(transactions).execute(s -> slots.tryAcquireLane(serviceId,
                "lane-" + processInstanceId, processInstanceId, running::contains));
    }

    @Test
    void aWaitingOperationFarInLineKeepsItsPlaceWithoutTheQueuesLock() throws Exception {
        ProcessingModuleConfig module = module(1, "cluster", "1");
        String line = "line-" + module.id() + "-";
        for (String key : List.of("running", "head", "second", "far")) {
            acquire(queue, module, line + key);
        }
        Long queueId = jdbc.queryForObject("select id from hostflow.module_queue where module_id = ?", Long.class,
                module.id());
        Timestamp leaseBefore = lease(line + "far");
        TransactionTemplate other = new TransactionTemplate(transactions);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        var holder = CompletableFuture.runAsync(() -> other.executeWithoutResult(s -> {
            jdbc.queryForObject("select id from hostflow.module_queue where id = ? for update", Long.class, queueId);
            locked.countDown();
            awaitQuietly(done);
        }));
        try {
            locked.await();
            var far = CompletableFuture.supplyAsync(() -> acquire(queue, module, line + "far"));
            var head = CompletableFuture.supplyAsync(() -> acquire(queue, module, line + "head"));
            assertThat(far.get(30, TimeUnit.SECONDS)).as("two places ahead of it, one turn")
                    .isEqualTo(new ModuleQueueSlots.Turn(false, 1));
            assertThat(lease(line + "far")).as("its place renewed").isAfter(leaseBefore);
            assertThat(head).as("the head of the line waits for the lock to re-check").isNotDone();
            done.countDown();
            assertThat(head.get(30, TimeUnit.SECONDS).acquired()).isFalse();
        } finally {
            done.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
        assertThat(release(queue, line + "running")).containsExactly("pi-" + line + "head");
    }

    private Timestamp lease(String key) {
        return jdbc.queryForObject("select lease_until from hostflow.module_queue_entry where operation_key = ?",
                Timestamp.class, key);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void neverRunsMoreThanTheLimitWhenManyAskAndReleaseAtOnce() throws Exception {
        ProcessingModuleConfig module = module(3, "cluster", "1");
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        Set<String> woken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "op-" + i;
            futures.add(pool.submit(() -> {
                if (acquire(queue, module, key).acquired() || woken.contains("pi-" + key)) {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    running.decrementAndGet();
                    woken.addAll(release(queue, key));
                }
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();

        assertThat(most.get()).isBetween(1, 3);
        Integer left = jdbc.queryForObject("select count(*) from hostflow.module_queue_entry e join"
                + " hostflow.module_queue q on q.id = e.queue_id where q.module_id = ? and e.running", Integer.class,
                module.id());
        assertThat(left).as("every turn handed on was to a waiting operation").isLessThanOrEqualTo(3);
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
