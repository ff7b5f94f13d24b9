package com.hostflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CatalogSnapshotsTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final CatalogSnapshots snapshots = new CatalogSnapshots(Duration.ofSeconds(5), nanos::get);
    private final AtomicInteger reads = new AtomicInteger();

    private Optional<String> read(String value) {
        return snapshots.get("tariff", 1L, () -> {
            reads.incrementAndGet();
            return Optional.of(value);
        });
    }

    @Test
    void aSnapshotIsReadOnceWithinItsTtlAndAgainAfterIt() {
        assertThat(read("v1")).contains("v1");
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(read("v2")).contains("v1");
        assertThat(reads).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(read("v2")).contains("v2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void anEditForgetsEverySnapshot() {
        read("v1");
        snapshots.get("module", 7L, () -> Optional.of("m1"));

        snapshots.catalogChanged();

        assertThat(read("v2")).contains("v2");
        assertThat(snapshots.get("module", 7L, () -> Optional.of("m2"))).contains("m2");
    }

    @Test
    void aReadThatAnEditOvertookIsNotKept() {
        // the read began before the edit's forget: what it read may be the old row, so it is answered but not kept
        assertThat(snapshots.get("tariff", 1L, () -> {
            snapshots.catalogChanged();
            return Optional.of("old");
        })).contains("old");

        assertThat(read("new")).contains("new");
    }

    @Test
    void unknownIdsAreKeptToo() {
        assertThat(snapshots.get("tariff", 2L, () -> {
            reads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(snapshots.get("tariff", 2L, () -> Optional.of("late"))).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void aZeroTtlKeepsNothing() {
        CatalogSnapshots off = new CatalogSnapshots(Duration.ZERO, nanos::get);
        off.get("tariff", 1L, () -> Optional.of("v1"));
        assertThat(off.get("tariff", 1L, () -> Optional.of("v2"))).contains("v2");
    }
}
