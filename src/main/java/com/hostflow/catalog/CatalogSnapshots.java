package com.hostflow.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Catalog snapshots kept across transactions on this node for at most {@code hostflow.catalog.snapshot-ttl}, for the
 * reads that neither price nor charge (module calls ask for their tariff and module on every attempt and poll). An
 * edit of the catalog on this node forgets every snapshot at once and again when it commits
 * ({@link CatalogChangeInterceptor}); an edit on another node is seen here when the snapshot expires. Prices and
 * charges never come from here: they read the catalog in their own transaction ({@link CatalogLookup#tariff}).
 */
@Component
class CatalogSnapshots {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<List<Object>, Snapshot> snapshots = new ConcurrentHashMap<>();
    /** bumped by every forget: a read that began before an edit never stores what it read */
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    // a snapshot's age is measured on the monotonic clock: the business clock is moved (demo, tests) or frozen
    private final LongSupplier nanoTime;

    @Autowired
    CatalogSnapshots(@Value("${hostflow.catalog.snapshot-ttl:PT5S}") Duration ttl) {
        this(ttl, System::nanoTime);
    }

    CatalogSnapshots(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> get(String kind, Object id, Supplier<Optional<T>> read) {
        List<Object> key = List.of(kind, id);
        long now = nanoTime.getAsLong();
        Snapshot snapshot = snapshots.get(key);
        if (snapshot != null && now - snapshot.readAt() < ttlNanos) {
            return (Optional<T>) snapshot.value();
        }
        long before = generation.get();
        Optional<T> value = read.get();
        if (ttlNanos > 0 && generation.get() == before) {
            if (snapshots.size() >= MAX_ENTRIES) {
                snapshots.clear();
            }
            snapshots.put(key, new Snapshot(value, now));
        }
        return value;
    }

    /** The catalog changed in this transaction: forget now, and once more when it commits or rolls back. */
    void catalogChanged() {
        forgetAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetAll();
                }
            });
        }
    }

    void forgetAll() {
        generation.incrementAndGet();
        snapshots.clear();
    }

    private record Snapshot(Optional<?> value, long readAt) {
    }
}
