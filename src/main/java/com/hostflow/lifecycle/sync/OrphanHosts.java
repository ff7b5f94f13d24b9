package com.hostflow.lifecycle.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ProcessingModuleAdapter.RemoteHost;

/**
 * The report of hosts that no service owns: a VM left behind by an open that failed half-way, one a service kept
 * after it was deleted, one made in the panel by hand. Each round lists every module's hosts (in an external task,
 * outside any transaction) and replaces the report of the places it could list; the report keeps when a host was
 * first seen. Modules that point at the same place (type, URL and cluster) are listed once, and a host is owned
 * when any service of a module at the same URL carries its id.
 */
@Service
public class OrphanHosts {

    private static final String ORPHAN = "hostflow.orphan_host";
    /** statuses of a service that owns its host; DELETED and FAILED ones left theirs behind */
    private static final Set<String> OWNING = Set.of("ORDERED", "PROCESSING", "ACTIVE", "SUSPENDED");
    /** statuses of a service whose open may still be making its host (its external id not yet written) */
    private static final Set<String> BEING_SET_UP = Set.of("ORDERED", "PROCESSING");
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final CatalogLookup catalog;
    private final SyncMetrics metrics;
    private final Clock clock;

    OrphanHosts(JdbcTemplate jdbc, CatalogLookup catalog, SyncMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.catalog = catalog;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One place to list: the module whose credentials are used, and every module that points at the same place.
     * Never put it into a process variable: the module carries its password.
     */
    public record Place(ProcessingModuleConfig module, List<Long> moduleIds) {
    }

    /** What listing a place gave: its hosts, or null when the module could not be listed this time. */
    public record Listing(Place place, List<RemoteHost> hosts) {
    }

    /** A host in the report. */
    public record Orphan(long moduleId, String moduleName, String externalId, String name, String state,
            String comment, Long madeForService, Instant firstSeen, Instant lastSeen) {
    }

    /** Every place the modules point at, each with the module (lowest id) that lists it. */
    @Transactional(readOnly = true)
    public List<Place> places() {
        Map<List<String>, List<ProcessingModuleConfig>> byPlace = new LinkedHashMap<>();
        for (long moduleId : jdbc.queryForList("select id from hostflow.processing_module order by id", Long.class)) {
            catalog.processingModule(moduleId).ifPresent(module -> byPlace
                    .computeIfAbsent(placeKey(module), key -> new ArrayList<>()).add(module));
        }
        return byPlace.values().stream().map(modules -> new Place(modules.get(0),
                modules.stream().map(ProcessingModuleConfig::id).toList())).toList();
    }

    /**
     * Replaces the report for every place that was listed; places that could not be listed keep their rows, and
     * rows of modules that no longer exist go. Answers how many hosts the report holds now.
     */
    @Transactional
    public int record(List<Listing> listings) {
        Instant now = clock.instant();
        int newlyFound = 0;
        for (Listing listing : listings) {
            if (listing.hosts() == null) {
                continue;
            }
            Place place = listing.place();
            List<RemoteHost> orphans = orphans(place, listing.hosts());
            Map<String, Instant> firstSeen = new HashMap<>();
            named.query("select external_id, first_seen from " + ORPHAN + " where module_id in (:modules)",
                    new MapSqlParameterSource("modules", place.moduleIds()), row -> {
                        firstSeen.put(row.getString("external_id"), row.getTimestamp("first_seen").toInstant());
                    });
            named.update("delete from " + ORPHAN + " where module_id in (:modules)",
                    new MapSqlParameterSource("modules", place.moduleIds()));
            for (RemoteHost host : orphans) {
                Instant first = firstSeen.get(host.externalId());
                if (first == null) {
                    newlyFound++;
                }
                jdbc.update("insert into " + ORPHAN + " (module_id, external_id, name, state, comment,"
                        + " made_for_service, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        place.module().id(), host.externalId(), cut(host.name(), 300), cut(host.state(), 32),
                        cut(host.comment(), 300), host.madeForService(), Timestamp.from(first == null ? now : first),
                        Timestamp.from(now));
            }
        }
        jdbc.update("delete from " + ORPHAN + " where module_id not in (select id from hostflow.processing_module)");
        metrics.orphansFound(newlyFound);
        Integer count = jdbc.queryForObject("select count(*) from " + ORPHAN, Integer.class);
        return count == null ? 0 : count;
    }

    /** The report, module by module. */
    @Transactional(readOnly = true)
    public List<Orphan> report() {
        return jdbc.query("select * from " + ORPHAN + " order by module_id, first_seen, external_id",
                (row, n) -> {
                    long moduleId = row.getLong("module_id");
                    Long madeFor = row.getObject("made_for_service") == null ? null
                            : row.getLong("made_for_service");
                    return new Orphan(moduleId, catalog.processingModule(moduleId).map(ProcessingModuleConfig::name)
                            .orElse(null), row.getString("external_id"), row.getString("name"),
                            row.getString("state"), row.getString("comment"), madeFor,
                            row.getTimestamp("first_seen").toInstant(), row.getTimestamp("last_seen").toInstant());
                });
    }

    /**
     * The listed hosts no service owns: owned is a host whose id a service (not DELETED or FAILED) of a module at the
     * same URL carries, or one made for a service that is still being set up (its open has not written the id yet).
     */
    private List<RemoteHost> orphans(Place place, List<RemoteHost> hosts) {
        List<Long> sameUrl = modulesAt(place.module());
        Set<String> owned = new HashSet<>();
        List<String> ids = hosts.stream().map(RemoteHost::externalId).filter(Objects::nonNull).toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            MapSqlParameterSource parameters = new MapSqlParameterSource("modules", sameUrl)
                    .addValue("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .addValue("owning", OWNING);
            owned.addAll(named.queryForList("select external_id from hostflow.service where processing_module_id"
                    + " in (:modules) and external_id in (:ids) and status in (:owning)", parameters, String.class));
        }
        List<Long> madeFor = hosts.stream().map(RemoteHost::madeForService).filter(Objects::nonNull).distinct()
                .toList();
        Set<Long> beingSetUp = new HashSet<>();
        for (int from = 0; from < madeFor.size(); from += CHUNK) {
            MapSqlParameterSource parameters = new MapSqlParameterSource("modules", sameUrl)
                    .addValue("ids", madeFor.subList(from, Math.min(madeFor.size(), from + CHUNK)))
                    .addValue("setUp", BEING_SET_UP).addValue("owning", OWNING);
            beingSetUp.addAll(named.queryForList("select id from hostflow.service where id in (:ids) and"
                    + " (processing_module_id in (:modules) or processing_module_id is null) and (status in (:setUp)"
                    + " or status in (:owning) and external_id is null)", parameters, Long.class));
        }
        return hosts.stream().filter(host -> host.externalId() != null && !owned.contains(host.externalId())
                && (host.madeForService() == null || !beingSetUp.contains(host.madeForService()))).toList();
    }

    private List<Long> modulesAt(ProcessingModuleConfig module) {
        List<Long> ids = new ArrayList<>();
        for (long moduleId : jdbc.queryForList("select id from hostflow.processing_module order by id", Long.class)) {
            catalog.processingModule(moduleId).filter(other -> Objects.equals(other.moduleType(), module.moduleType())
                    && Objects.equals(url(other), url(module))).ifPresent(other -> ids.add(other.id()));
        }
        return ids;
    }

    private static List<String> placeKey(ProcessingModuleConfig module) {
        String cluster = module.settings() == null ? null : module.settings().cluster();
        return Arrays.asList(module.moduleType(), url(module), cluster == null ? "" : cluster.trim());
    }

    private static String url(ProcessingModuleConfig module) {
        String url = module.url() == null ? "" : module.url().trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
