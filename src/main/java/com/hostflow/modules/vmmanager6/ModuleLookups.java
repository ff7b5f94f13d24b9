package com.hostflow.modules.vmmanager6;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * The ids VMmanager gave for names that rarely change (OS images, clusters, presets), kept a short while per module so
 * that a busy hour does not ask VMmanager the same three questions for every order. Only ids that were found are kept:
 * a missing name is asked again next time. Entries are few (modules times OS names and templates), so an expired one
 * is simply replaced when next read. The adapter {@link #forget}s a module's ids whenever an operation that may
 * have used them fails, since an id VMmanager no longer knows looks just like any other refusal.
 */
final class ModuleLookups {

    enum Kind { OS, CLUSTER, PRESET }

    /** The module as the adapter sees it: a module whose URL or user changes is another VMmanager, or another view. */
    private record Key(long moduleId, String url, String username, Kind kind, String name) {
    }

    private record Entry(long id, Instant readAt) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    /** A zero (or negative) ttl keeps nothing: every lookup asks VMmanager. */
    ModuleLookups(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The id of a name that must exist: {@code read} asks VMmanager and throws when the name is missing. */
    long id(ProcessingModuleConfig module, Kind kind, String name, LongSupplier read) {
        return find(module, kind, name, () -> Optional.of(read.getAsLong())).orElseThrow();
    }

    /** The id of a name that may be missing; {@code read} asks VMmanager, and only a found id is kept. */
    Optional<Long> find(ProcessingModuleConfig module, Kind kind, String name, Supplier<Optional<Long>> read) {
        if (ttl.isZero() || ttl.isNegative()) {
            return read.get();
        }
        Key key = new Key(module.id(), module.url(), module.username(), kind, name);
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        // the clock is the engine's, which tests and the demo move both ways: an entry from the future is stale too
        if (entry != null && entry.readAt().plus(ttl).isAfter(now) && !entry.readAt().isAfter(now)) {
            return Optional.of(entry.id());
        }
        // not computeIfAbsent: that would hold a lock of the map across VMmanager's answer; two threads that read at
        // once both store the same id
        Optional<Long> id = read.get();
        id.ifPresent(found -> entries.put(key, new Entry(found, now)));
        return id;
    }

    /** Whether any id of the module is kept now (an open that then fails may have used one VMmanager forgot). */
    boolean keepsAny(ProcessingModuleConfig module) {
        return entries.keySet().stream().anyMatch(key -> key.moduleId() == module.id());
    }

    /** Drops every id kept for the module (under any URL or user), so that its next lookups ask VMmanager. */
    void forget(ProcessingModuleConfig module) {
        entries.keySet().removeIf(key -> key.moduleId() == module.id());
    }
}
