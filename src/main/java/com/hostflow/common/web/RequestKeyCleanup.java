package com.hostflow.common.web;

import java.sql.Timestamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the request keys older than the retention ({@link RequestKeys}). Small batches, each in a transaction of its
 * own, so no long transaction holds the rows a request under one of the keys waits for; the batch's rows are taken
 * with {@code skip locked}, so the clean-ups of two nodes at once take different rows (neither waits for the other)
 * and a row a request holds is left for the next round.
 */
@Component
public class RequestKeyCleanup {

    private static final Logger log = LoggerFactory.getLogger(RequestKeyCleanup.class);

    private final RequestKeys keys;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int batchSize;

    RequestKeyCleanup(RequestKeys keys, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Value("${hostflow.request-keys.cleanup-batch-size:500}") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("hostflow.request-keys.cleanup-batch-size must be at least 1");
        }
        this.keys = keys;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelayString = "${hostflow.request-keys.cleanup-interval:PT1H}",
            initialDelayString = "${hostflow.request-keys.cleanup-interval:PT1H}")
    void scheduledCleanup() {
        try {
            removeExpired();
        } catch (RuntimeException e) {
            log.warn("request keys not cleaned up, the next round tries again: {}", e.getMessage());
        }
    }

    /** One round: batches until none is full; answers how many keys it removed. */
    public int removeExpired() {
        // one cut-off for the round: keys that expire meanwhile wait for the next one, so the round ends
        Timestamp before = Timestamp.from(keys.expiredBefore());
        int removed = 0;
        int batch;
        do {
            Integer deleted = transaction.execute(status -> jdbc.update("delete from hostflow.request_key"
                    + " where (client_id, caller, idempotency_key) in (select client_id, caller, idempotency_key"
                    + " from hostflow.request_key where created_at < ? order by created_at limit ?"
                    + " for update skip locked)", before, batchSize));
            batch = deleted == null ? 0 : deleted;
            removed += batch;
        } while (batch == batchSize);
        if (removed > 0) {
            log.info("{} request keys recorded before {} removed", removed, before.toInstant());
        }
        return removed;
    }
}
