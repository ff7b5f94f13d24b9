package com.hostflow.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Catalog snapshots kept across transactions on this node, of two kinds:
 * <ul>
 * <li>{@link #get}: for at most {@code hostflow.catalog.snapshot-ttl}, for the reads that neither price nor charge
 * (module calls ask for their tariff and module on every attempt and poll) and cost no query when found; an edit on
 * another node is seen here when the snapshot expires.</li>
 * <li>{@link #atVersion}: tagged with the {@link CatalogVersion} they were read at, served only to a transaction that
 * sees the same version, so prices and charges get the catalog as it is committed, on every node, without reading
 * its tables again.</li>
 * </ul>
 * An edit of the catalog on this node forgets every snapshot at once and again when it commits
 * ({@link CatalogChangeInterceptor}), and the transaction that made it reads the tables from then on.
 */
@Component
class CatalogSnapshots {

    private static final int MAX_ENTRIES = 10_000;

    /** key of the flag "this transaction changed the catalog" in Spring's transaction resources */
    private static final Object CHANGED = new Object();

    private final Map<List<Object>, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<List<Object>, Versioned> versioned = new ConcurrentHashMap<>();
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
        if (ttlNanos == 0) {
            return read.get();
        }
        List<Object> key = List.of(kind, id);
        long now = nanoTime.getAsLong();
        Snapshot snapshot = snapshots.get(key);
        if (snapshot != null && now - snapshot.readAt() < ttlNanos) {
            return (Optional<T>) snapshot.value();
        }
        return readAndKeep(snapshots, key, read, value -> new Snapshot(value, now));
    }

    /** The snapshot read at this catalog version, else read now and kept for the next reader of that version. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> atVersion(String kind, Object id, long version, Supplier<Optional<T>> read) {
        List<Object> key = List.of(kind, id);
        Versioned snapshot = versioned.get(key);
        if (snapshot != null && snapshot.version() == version) {
            return (Optional<T>) snapshot.value();
        }
        return readAndKeep(versioned, key, read, value -> new Versioned(value, version));
    }

    /** Reads, and keeps what it read unless an edit on this node made every snapshot be forgotten meanwhile. */
    private <T, S> Optional<T> readAndKeep(Map<List<Object>, S> kept, List<Object> key, Supplier<Optional<T>> read,
            Function<Optional<T>, S> snapshot) {
        long before = generation.get();
        Optional<T> value = read.get();
        if (generation.get() == before) {
            if (kept.size() >= MAX_ENTRIES) {
                kept.clear();
            }
            kept.put(key, snapshot.apply(value));
        }
        return value;
    }

    /** Whether this transaction changed the catalog (it then reads the tables, which show it its own edit). */
    boolean changedInThisTransaction() {
        return TransactionSynchronizationManager.hasResource(CHANGED);
    }

    /** The catalog changed in this transaction: forget now, and once more when it commits or rolls back. */
    void catalogChanged() {
        forgetAll();
        if (TransactionSynchronizationManager.isSynchronizationActive() && !changedInThisTransaction()) {
            TransactionSynchronizationManager.bindResource(CHANGED, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHANGED);
                    forgetAll();
                }
            });
        }
    }

    void forgetAll() {
        generation.incrementAndGet();
        snapshots.clear();
        versioned.clear();
    }

    private record Versioned(Optional<?> value, long version) {
    }

    private record Snapshot(Optional<?> value, long readAt) {
    }
}
