package com.hostflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two writes that meet: the first runs in a transaction held open until the second, sent meanwhile, waits on a lock
 * in PostgreSQL or has answered; then the first commits. Whether the second waited is the race's outcome: with the
 * two taking turns it sees what the first wrote, without it answers from the state before.
 */
public final class WhileHolding {

    private final PlatformTransactionManager transactions;
    private final JdbcTemplate jdbc;

    public WhileHolding(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /** Runs {@code first} held open while {@code second} is sent; answers what {@code second} answered. */
    public <T> T run(Runnable first, Supplier<T> second) throws Exception {
        return run(first, second, () -> {
        });
    }

    /**
     * As {@link #run(Runnable, Supplier)}, and runs {@code whileWaiting} once {@code second} waits on a lock (or has
     * answered), before {@code first} commits: to look at who waits for what.
     */
    public <T> T run(Runnable first, Supplier<T> second, Runnable whileWaiting) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> {
                    first.run();
                    done.countDown();
                    try {
                        assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> done.getCount() == 0 || holder.isDone());
        if (holder.isDone()) {
            holder.join(); // the first write failed: its exception
        }
        // counted once the first has done its part: a wait it set up (a job it blocks) is not the second's
        long waitingBefore = waitingLocks();
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(second);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> answer.isDone() || waitingLocks() > waitingBefore);
            whileWaiting.run();
        } finally {
            commit.countDown();
        }
        holder.get(60, TimeUnit.SECONDS);
        return answer.get(60, TimeUnit.SECONDS);
    }

    /** Lock requests PostgreSQL has not granted yet, of every session. */
    public long waitingLocks() {
        return jdbc.queryForObject("select count(*) from pg_locks where not granted", Long.class);
    }
}
