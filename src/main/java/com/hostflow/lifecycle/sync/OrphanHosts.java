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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ProcessingModuleAdapter.RemoteHost;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.OperationOutcome;

/**
 * The report of hosts that no service owns: a VM left behind by an open that failed half-way, one a service kept
 * after it was deleted, one made in the panel by hand. Each round lists every module's hosts (in an external task,
 * outside any transaction) and replaces the report of the places it could list; the report keeps when a host was
 * first seen. Modules that point at the same place (type, URL and cluster) are listed once, and a host is owned
 * when any service of a module at the same URL carries its id.
 * <p>
 * A host HostFlow made for a service is judged by the OrphanHostPolicy table when it is written into the report: a
 * twin of a live service (made by the service's own open, which the journal recorded, while the service runs on another
 * host) is marked DELETE_TWIN, and the round's next step deletes it ({@link #twins()}, {@link #startDeletion},
 * {@link #deletionDone}); everything else is only reported.
 */
@Service
public class OrphanHosts {

    private static final Logger log = LoggerFactory.getLogger(OrphanHosts.class);
    private static final String ORPHAN = "hostflow.orphan_host";
    private static final String DRIFT = "hostflow.service_drift";
    /** the journal's name of the deletion of a twin, beside open, suspend, ... */
    static final String DELETE_TWIN_OPERATION = "delete_twin";
    /** a report row's action while a round deletes its host */
    static final String DELETING = "DELETING";
    /** statuses of a service that owns its host; DELETED and FAILED ones left theirs behind */
    private static final Set<String> OWNING = Set.of("ORDERED", "PROCESSING", "ACTIVE", "SUSPENDED");
    /** statuses of a service whose open may still be making its host (its external id not yet written) */
    private static final Set<String> BEING_SET_UP = Set.of("ORDERED", "PROCESSING");
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final CatalogLookup catalog;
    private final SyncMetrics metrics;
    private final OrphanHostPolicy policy;
    private final OperationJournal journal;
    private final Clock clock;

    OrphanHosts(JdbcTemplate jdbc, CatalogLookup catalog, SyncMetrics metrics, OrphanHostPolicy policy,
            OperationJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.catalog = catalog;
        this.metrics = metrics;
        this.policy = policy;
        this.journal = journal;
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
            String comment, Long madeForService, String action, Instant firstSeen, Instant lastSeen) {
    }

    /**
     * A host of the report the OrphanHostPolicy said to delete: a second host of a live service that its own open made.
     * Never put it into a process variable: the round's next step reads it from the report.
     */
    public record Twin(long moduleId, RemoteHost host, long serviceId) {

        /** the journal's key of its deletion: one per host, so a retried deletion is a second attempt of it */
        String operationKey() {
            return serviceId + "-" + DELETE_TWIN_OPERATION + "-" + host.externalId();
        }
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
            Map<String, String> actions = actions(place, listing.hosts(), orphans);
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
                        + " made_for_service, action, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        place.module().id(), host.externalId(), cut(host.name(), 300), cut(host.state(), 32),
                        cut(host.comment(), 300), host.madeForService(),
                        actions.getOrDefault(host.externalId(), OrphanHostPolicy.REPORT),
                        Timestamp.from(first == null ? now : first), Timestamp.from(now));
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
                            row.getString("state"), row.getString("comment"), madeFor, row.getString("action"),
                            row.getTimestamp("first_seen").toInstant(), row.getTimestamp("last_seen").toInstant());
                });
    }

    /** How many hosts of the report the policy said to delete (the round's gateway reads it). */
    @Transactional(readOnly = true)
    public int twinsToDelete() {
        Integer count = jdbc.queryForObject("select count(*) from " + ORPHAN + " where action = ?", Integer.class,
                OrphanHostPolicy.DELETE_TWIN);
        return count == null ? 0 : count;
    }

    /**
     * The hosts of the report the policy said to delete, oldest first, with those the round claimed and did not
     * finish: its task run again after a node died during the module call (the external task's lock ran out).
     */
    @Transactional(readOnly = true)
    public List<Twin> twins(String roundInstanceId) {
        return jdbc.query("select * from " + ORPHAN + " where (action = ? or action = ? and claimed_by = ?)"
                + " and made_for_service is not null order by first_seen, module_id, external_id",
                (row, n) -> new Twin(row.getLong("module_id"), new RemoteHost(row.getString("external_id"),
                        row.getString("name"), row.getString("state"), row.getString("comment"),
                        row.getLong("made_for_service")), row.getLong("made_for_service")),
                OrphanHostPolicy.DELETE_TWIN, DELETING, roundInstanceId);
    }

    /**
     * Journals the deletion of a twin before the module is asked, when it is still one: still marked in the report,
     * and its service neither being set up (its open may still choose which host to keep) nor running on this very
     * host. Answers the journal's attempt, or null when it is no longer to be deleted. The row is claimed
     * ({@value #DELETING}, by the round's process instance) in the same transaction, under its lock: of two rounds at
     * once, the second finds it taken and leaves it (both deleted it, and both wrote a TWIN_HOST difference). A claim
     * a node that died during the call left is the round's own: its task, run again once its lock ran out, takes it
     * again (a second attempt of the journal's key); the next round's report replaces it too.
     */
    @Transactional
    public OperationJournal.Attempt startDeletion(Twin twin, String roundInstanceId) {
        List<Map<String, Object>> service = jdbc.queryForList("select s.status, s.external_id from hostflow.service s"
                + " join " + ORPHAN + " o on o.made_for_service = s.id and o.module_id = ? and o.external_id = ?"
                + " and (o.action = ? or o.action = ? and o.claimed_by = ?) where s.id = ? for update of o",
                twin.moduleId(), twin.host().externalId(), OrphanHostPolicy.DELETE_TWIN, DELETING, roundInstanceId,
                twin.serviceId());
        if (service.isEmpty() || BEING_SET_UP.contains(String.valueOf(service.get(0).get("status")))
                || service.get(0).get("external_id") == null
                || twin.host().externalId().equals(service.get(0).get("external_id"))) {
            return null;
        }
        markTwin(twin, DELETING, roundInstanceId);
        return journal.startAttempt(twin.serviceId(), DELETE_TWIN_OPERATION, twin.operationKey());
    }

    private void markTwin(Twin twin, String action, String claimedBy) {
        jdbc.update("update " + ORPHAN + " set action = ?, claimed_by = ? where module_id = ? and external_id = ?",
                action, claimedBy, twin.moduleId(), twin.host().externalId());
    }

    /**
     * What the module did with a twin: deleted it ({@code deleted}: it shows as a TWIN_HOST difference of the service,
     * REPAIRED, with a WARN line naming the host and the service), or found it gone or changed already; either way it
     * leaves the report.
     */
    @Transactional
    public void deletionDone(Twin twin, OperationJournal.Attempt attempt, boolean deleted, String roundInstanceId) {
        String kept = jdbc.queryForObject("select external_id from hostflow.service where id = ?", String.class,
                twin.serviceId());
        String what = deleted ? "deleted host " + twin.host().externalId() + " (" + twin.host().name()
                + "), a second VM its open " + twin.host().comment() + " made; the service keeps host " + kept
                : "host " + twin.host().externalId() + " was gone or changed already: nothing deleted";
        journal.finishAttempt(attempt.id(), OperationOutcome.COMPLETED, what);
        named.update("delete from " + ORPHAN + " where module_id = :module and external_id = :host",
                new MapSqlParameterSource("module", twin.moduleId()).addValue("host", twin.host().externalId()));
        if (!deleted) {
            return;
        }
        Instant now = clock.instant();
        jdbc.update("insert into " + DRIFT + " (service_id, process_instance_id, kind, detail, resources_below_paid,"
                + " status, found_at, settled_at) values (?, ?, ?, ?, false, ?, ?, ?)", twin.serviceId(),
                roundInstanceId, DriftKind.TWIN_HOST.name(), cut("the module held a second VM of the service: " + what,
                        2000), DriftOutcome.REPAIRED.name(), Timestamp.from(now), Timestamp.from(now));
        metrics.found(DriftKind.TWIN_HOST);
        metrics.settled(DriftKind.TWIN_HOST, DriftOutcome.REPAIRED);
        log.warn("VMmanager host {} ({}) was a second VM of service {}, made by its open {} after the open was done:"
                + " deleted it; the service keeps host {}", twin.host().externalId(), twin.host().name(),
                twin.serviceId(), twin.host().comment(), kept);
    }

    /** The module could not delete a twin now: journaled; it stays in the report, and the next round tries again. */
    @Transactional
    public void deletionFailed(Twin twin, OperationJournal.Attempt attempt, String message) {
        journal.finishAttempt(attempt.id(), OperationOutcome.TECHNICAL_FAILURE, message);
        markTwin(twin, OrphanHostPolicy.DELETE_TWIN, null);
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

    /**
     * What the OrphanHostPolicy says of each orphan made for a known service of a module at the same URL; the others
     * are reported without asking. A host made for a service still being set up is never an orphan (see
     * {@link #orphans}), and the table is never asked about one.
     */
    private Map<String, String> actions(Place place, List<RemoteHost> listed, List<RemoteHost> orphans) {
        Map<String, String> actions = new HashMap<>();
        List<Long> madeFor = orphans.stream().map(RemoteHost::madeForService).filter(Objects::nonNull).distinct()
                .toList();
        if (madeFor.isEmpty()) {
            return actions;
        }
        List<Long> sameUrl = modulesAt(place.module());
        Map<Long, String> statuses = new HashMap<>();
        Map<Long, String> hostIds = new HashMap<>();
        Set<String> openKeys = new HashSet<>();
        for (int from = 0; from < madeFor.size(); from += CHUNK) {
            MapSqlParameterSource parameters = new MapSqlParameterSource("modules", sameUrl)
                    .addValue("ids", madeFor.subList(from, Math.min(madeFor.size(), from + CHUNK)));
            named.query("select id, status, external_id from hostflow.service where id in (:ids)"
                    + " and processing_module_id in (:modules)", parameters, row -> {
                        statuses.put(row.getLong("id"), row.getString("status"));
                        hostIds.put(row.getLong("id"), row.getString("external_id"));
                    });
            named.query("select distinct service_id, operation_key from hostflow.service_operation"
                    + " where operation = 'open' and service_id in (:ids)", parameters,
                    row -> {
                        openKeys.add(row.getLong("service_id") + " " + row.getString("operation_key"));
                    });
        }
        Set<String> listedIds = new HashSet<>();
        listed.forEach(host -> listedIds.add(host.externalId()));
        for (RemoteHost host : orphans) {
            Long serviceId = host.madeForService();
            String status = serviceId == null ? null : statuses.get(serviceId);
            if (status == null || BEING_SET_UP.contains(status)) {
                continue;
            }
            String serviceHost = hostIds.get(serviceId);
            actions.put(host.externalId(), policy.decide(new OrphanHostPolicy.Facts(status,
                    host.comment() != null && openKeys.contains(serviceId + " " + host.comment()),
                    serviceHost != null && !serviceHost.equals(host.externalId())
                            && listedIds.contains(serviceHost))));
        }
        return actions;
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
