package com.hostflow.lifecycle.sync;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.common.database.AfterCommit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The drift reconciliation's metrics on {@code /actuator/prometheus}: differences found, repaired, handed to the
 * department and ignored, per kind ({@code hostflow_sync_drift_found_total{kind="GONE"}}, ...); syncs skipped per
 * reason; orphan hosts newly found and the report's size. Counted when the transaction that decided commits, so a
 * retried job does not count twice.
 */
@Component
class SyncMetrics {

    static final String DRIFT_FOUND = "hostflow.sync.drift.found";
    static final String DRIFT_REPAIRED = "hostflow.sync.drift.repaired";
    static final String DRIFT_HANDED_OVER = "hostflow.sync.drift.handed.over";
    static final String DRIFT_IGNORED = "hostflow.sync.drift.ignored";
    static final String SKIPPED = "hostflow.sync.skipped";
    static final String ORPHANS_FOUND = "hostflow.sync.orphans.found";
    static final String ORPHANS = "hostflow.sync.orphans";

    private final MeterRegistry meters;

    SyncMetrics(MeterRegistry meters, JdbcTemplate jdbc) {
        this.meters = meters;
        // every series exists from the start, so dashboards and alerts see 0 rather than nothing
        for (DriftKind kind : DriftKind.values()) {
            for (String name : new String[] {DRIFT_FOUND, DRIFT_REPAIRED, DRIFT_HANDED_OVER, DRIFT_IGNORED}) {
                meters.counter(name, "kind", kind.name());
            }
        }
        meters.counter(ORPHANS_FOUND);
        Gauge.builder(ORPHANS, jdbc, j -> {
            Integer count = j.queryForObject("select count(*) from hostflow.orphan_host", Integer.class);
            return count == null ? 0 : count;
        }).description("Hosts in the modules that no service owns, as the last round found them").register(meters);
    }

    void found(DriftKind kind) {
        count(DRIFT_FOUND, "kind", kind.name(), 1);
    }

    void settled(DriftKind kind, DriftOutcome outcome) {
        String name = switch (outcome) {
            case REPAIRED -> DRIFT_REPAIRED;
            case IGNORED -> DRIFT_IGNORED;
            case HANDED_OVER, REPAIR_FAILED -> DRIFT_HANDED_OVER;
        };
        count(name, "kind", kind.name(), 1);
    }

    /** A sync that did not look at its service this round: {@code busy} (turn taken), {@code claimed}, ... */
    void skipped(String reason) {
        count(SKIPPED, "reason", reason, 1);
    }

    void orphansFound(int newlyFound) {
        if (newlyFound > 0) {
            AfterCommit.run(() -> meters.counter(ORPHANS_FOUND).increment(newlyFound));
        }
    }

    private void count(String name, String tag, String value, int amount) {
        AfterCommit.run(() -> meters.counter(name, tag, value).increment(amount));
    }
}
