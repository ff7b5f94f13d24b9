package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.support.IntegrationTest;

/** One worker per external task, and the leases of workers that died do not stay for good. */
@IntegrationTest
class ExternalTaskLeasesTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private ExternalTaskLeases leases(Duration lockDuration) {
        return new ExternalTaskLeases(jdbc, transactions, new ExternalTaskWorkerSettings(true, 1, lockDuration,
                Duration.ofSeconds(1), 3, Duration.ofMinutes(1)));
    }

    @Test
    void aTaskHasOneLeaseHolderUntilItIsGivenBack() {
        ExternalTaskLeases leases = leases(Duration.ofMinutes(5));
        String task = "task-" + UUID.randomUUID();

        String holder = leases.take(task);
        assertThat(holder).isNotNull();
        assertThat(leases.take(task)).as("a second worker while the first holds it").isNull();
        leases.giveBack(task, holder);
        assertThat(leases.take(task)).as("given back").isNotNull();
    }

    @Test
    void theLeaseOfAWorkerThatDiedExpiresAndIsSweptAway() {
        ExternalTaskLeases leases = leases(Duration.ofMillis(300));
        String died = "died-" + UUID.randomUUID();
        assertThat(leases.take(died)).isNotNull();
        assertThat(rows(died)).isEqualTo(1);

        Awaitility.await("the dead worker's lease to be swept").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    String other = "other-" + UUID.randomUUID();
                    leases.giveBack(other, leases.take(other));
                    return rows(died) == 0;
                });
        assertThat(leases.take(died)).as("the task can be taken again").isNotNull();
    }

    @Test
    void aLeaseTakenOrGivenBackInTheCallersTransactionCountsOnlyWhenThatCommits() {
        ExternalTaskLeases leases = leases(Duration.ofMinutes(5));
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        String task = "task-" + UUID.randomUUID();

        // taken with the fetch: a fetch that rolls back leaves no lease
        transaction.executeWithoutResult(status -> {
            assertThat(leases.takeInTransaction(task)).isNotNull();
            status.setRollbackOnly();
        });
        assertThat(rows(task)).isZero();
        String holder = transaction.execute(status -> leases.takeInTransaction(task));
        assertThat(rows(task)).isEqualTo(1);
        assertThat(holder).isNotNull();
        String second = transaction.execute(status -> leases.takeInTransaction(task));
        assertThat(second).as("a second worker").isNull();

        // given back with the completion: a completion that rolls back keeps the lease
        transaction.executeWithoutResult(status -> {
            leases.giveBackInTransaction(task, holder);
            status.setRollbackOnly();
        });
        assertThat(rows(task)).isEqualTo(1);
        transaction.executeWithoutResult(status -> leases.giveBackInTransaction(task, holder));
        assertThat(rows(task)).isZero();
    }

    private int rows(String task) {
        Integer rows = jdbc.queryForObject("select count(*) from hostflow.module_queue_entry where operation_key = ?",
                Integer.class, task);
        return rows == null ? 0 : rows;
    }
}
