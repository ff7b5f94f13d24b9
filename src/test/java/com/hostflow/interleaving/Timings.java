package com.hostflow.interleaving;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the property's time goes (wall-clock time per kind of event, the final settling and the retiring of each
 * scenario's services), logged when the property ends: what to look at when its runtime grows.
 */
final class Timings {

    private static final Map<String, LongAdder[]> TOTALS = new ConcurrentHashMap<>();

    private Timings() {
    }

    /** Adds the time since {@code startedNanos} to {@code kind}; answers it in milliseconds. */
    static long add(String kind, long startedNanos) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        LongAdder[] total = TOTALS.computeIfAbsent(kind, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        total[0].add(ms);
        total[1].increment();
        return ms;
    }

    /** Forgets what was added: a second property class in the same JVM counts its own time. */
    static void reset() {
        TOTALS.clear();
    }

    /** One line per kind, most time first: total seconds, count, mean milliseconds. */
    static String summary() {
        Map<Long, String> lines = new TreeMap<>((a, b) -> Long.compare(b, a));
        TOTALS.forEach((kind, total) -> {
            long ms = total[0].sum();
            long count = total[1].sum();
            lines.merge(ms, String.format("  %-18s %7.1f s in %5d, %6d ms each", kind, ms / 1000.0, count,
                    count == 0 ? 0 : ms / count), (x, y) -> x + System.lineSeparator() + y);
        });
        return String.join(System.lineSeparator(), lines.values());
    }
}
