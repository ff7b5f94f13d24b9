package com.hostflow.lifecycle.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.services.ClientContacts;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * The drift reconciliation, step by step as ServiceSyncProcess runs it: which services a round syncs, one sync per
 * service at a time, and what differs between a service and what its module read. Facts only: whether a difference
 * is repaired, handed to the department or ignored is the SyncDriftPolicy table's business, and the repairs are
 * module operations the model calls. Every difference is a row of {@code service_drift}, so the model walks them one
 * by one without a list in a process variable, and staff read them at {@code GET /api/v1/sync/drifts}.
 */
@Service
public class ServiceSyncs {

    /** the states of a host that a module reports in its answer's {@code extra.state} */
    static final String HOST_RUNNING = "active";
    static final String HOST_STOPPED = "stopped";

    private static final Set<ServiceStatus> LIVE = EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED);
    private static final String SERVICE = "hostflow.service";
    private static final String SYNC = "hostflow.service_sync";
    private static final String DRIFT = "hostflow.service_drift";
    private static final String OPEN = "OPEN";
    /** a difference its sync never settled: the sync was cancelled (Cockpit) while it decided */
    private static final String CANCELLED = "CANCELLED";
    /** the resolution of a handed-over difference whose sync was cancelled before the department answered */
    private static final String SYNC_CANCELLED = "SYNC_CANCELLED";
    /** a difference's text; the brief of up to two of them stays a plain string variable (at most 4000 characters) */
    private static final int MAX_DETAIL = 1000;
    private static final int MAX_BRIEF = 3500;
    private static final int MAX_COMMENT = 2000;
    private static final List<String> FOR_DEPARTMENT = List.of(DriftOutcome.HANDED_OVER.name(),
            DriftOutcome.REPAIR_FAILED.name());

    private final JdbcTemplate jdbc;
    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;
    private final ClientContacts clientContacts;
    private final LifecycleEvents events;
    private final SyncAnswers answers;
    private final SyncMetrics metrics;
    private final Clock clock;
    private final AuditLog auditLog;
    private final String fallbackDepartment;

    ServiceSyncs(JdbcTemplate jdbc, ServiceRepository services, CatalogLookup catalog, ModuleTypeRegistry moduleTypes,
            ClientContacts clientContacts, LifecycleEvents events, SyncAnswers answers,
            SyncMetrics metrics, Clock clock, AuditLog auditLog,
            @Value("${hostflow.services.fallback-department:support}") String fallbackDepartment) {
        this.jdbc = jdbc;
        this.services = services;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
        this.clientContacts = clientContacts;
        this.events = events;
        this.answers = answers;
        this.metrics = metrics;
        this.clock = clock;
        this.auditLog = auditLog;
        this.fallbackDepartment = fallbackDepartment;
    }

    /** The next difference of a sync to decide on, with the facts the SyncDriftPolicy reads; none when done. */
    public record Next(Long driftId, DriftKind kind, boolean resourcesBelowPaid, String serviceStatus,
            String suspensionReasons, String productType, int forDepartment) {

        public boolean left() {
            return driftId != null;
        }
    }

    /** What the department's task says: to whom it goes, its title and the whole story. */
    public record Brief(String departmentKey, String title, String text) {
    }

    /** One difference as staff read it. */
    public record Drift(long id, long serviceId, String processInstanceId, DriftKind kind, String detail,
            String status, Instant foundAt, Instant settledAt, String resolution, String resolutionComment,
            Instant resolvedAt) {
    }

    // --- the round ------------------------------------------------------------------------------------------------

    /** An admin asks for a round now; answers the round's process instance id. */
    @Transactional
    public String requestRound() {
        String round = events.startByMessage(ServiceSyncProcess.MESSAGE_ROUND_REQUESTED);
        auditLog.record(AuditAction.EXECUTE, "sync-run", round, null, null);
        return round;
    }

    /**
     * One batch of a round: the ACTIVE and SUSPENDED services after {@code afterId}, in id order, each whose module
     * can sync given a ServiceSyncProcess of its own (its start is a job of its own, so one bad service never holds
     * up the others). Answers the ids looked at.
     */
    @Transactional
    public List<Long> startBatch(long afterId, int size) {
        List<Candidate> batch = jdbc.query("select s.id, m.module_type from " + SERVICE + " s join"
                + " hostflow.processing_module m on m.id = s.processing_module_id"
                + " where s.status in ('ACTIVE', 'SUSPENDED') and s.id > ? order by s.id limit ?",
                (row, n) -> new Candidate(row.getLong("id"), row.getString("module_type")), afterId, size);
        for (Candidate candidate : batch) {
            if (canSync(candidate.moduleType())) {
                syncNow(candidate.serviceId());
            }
        }
        return batch.stream().map(Candidate::serviceId).toList();
    }

    /** Starts the sync of one service (its first step is a job of its own); answers its process instance id. */
    @Transactional
    public String syncNow(long serviceId) {
        return events.startByMessage(ServiceSyncProcess.MESSAGE_SERVICE_SYNC_DUE, serviceId,
                Map.of(ServiceSyncProcess.SERVICE_ID, serviceId));
    }

    // --- the sync of one service ----------------------------------------------------------------------------------

    /**
     * Claims the service's one sync for the process instance; false while another sync holds it (it is under way, or
     * waits for its department). A claim whose process instance is gone (deleted in Cockpit without its listeners)
     * is taken over.
     */
    @Transactional
    public boolean claim(long serviceId, String processInstanceId) {
        if (jdbc.update("update " + SYNC + " set claimed_by = ? where service_id = ? and claimed_by is null",
                processInstanceId, serviceId) == 1) {
            return true;
        }
        List<String> holder = holder(serviceId);
        if (holder.isEmpty()) {
            if (jdbc.update("insert into " + SYNC + " (service_id, claimed_by) values (?, ?)"
                    + " on conflict (service_id) do nothing", serviceId, processInstanceId) == 1) {
                return true;
            }
            // another sync of the service inserted the row a moment ago (the insert waited for it to commit)
            holder = holder(serviceId);
        }
        String other = holder.get(0);
        if (processInstanceId.equals(other)) {
            return true;
        }
        if (other != null && events.isRunning(other)) {
            metrics.skipped("claimed");
            return false;
        }
        return jdbc.update("update " + SYNC + " set claimed_by = ? where service_id = ? and"
                + " (claimed_by = ? or claimed_by is null)", processInstanceId, serviceId, other) == 1;
    }

    private List<String> holder(long serviceId) {
        return jdbc.query("select claimed_by from " + SYNC + " where service_id = ?",
                (row, n) -> row.getString("claimed_by"), serviceId);
    }

    /**
     * The sync ended however it ended: the service may be synced again. Harmless when it held nothing. One cancelled
     * (in Cockpit) before it settled what it found leaves nothing OPEN for good: a difference it was still deciding
     * on becomes CANCELLED, one it handed to the department and nobody answered is resolved SYNC_CANCELLED; the next
     * round finds what still differs anew.
     */
    @Transactional
    public void releaseClaim(String processInstanceId) {
        jdbc.update("update " + SYNC + " set claimed_by = null where claimed_by = ?", processInstanceId);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("update " + DRIFT + " set status = ?, settled_at = ? where process_instance_id = ? and status = ?",
                CANCELLED, now, processInstanceId, OPEN);
        jdbc.update("update " + DRIFT + " set resolution = ?, resolved_at = ? where process_instance_id = ? and"
                + " status in (?, ?) and resolution is null", SYNC_CANCELLED, now, processInstanceId,
                FOR_DEPARTMENT.get(0), FOR_DEPARTMENT.get(1));
    }

    /** Another change of the service holds its turn: this round leaves it alone rather than wait. */
    public void skippedBusy() {
        metrics.skipped("busy");
    }

    /** Still ACTIVE or SUSPENDED, with no deletion under way: worth comparing with its module. */
    @Transactional(readOnly = true)
    public boolean stillLive(long serviceId) {
        ServiceInstance service = service(serviceId);
        boolean live = LIVE.contains(service.getStatus()) && !service.isDeleted()
                && service.getProcessingModuleId() != null
                && (service.getDeleteAt() == null || service.getDeleteAt().isAfter(clock.instant()));
        if (!live) {
            metrics.skipped("not_live");
        }
        return live;
    }

    /**
     * Compares the service with what its module answered to the sync {@code operationKey} and writes each difference
     * as an OPEN row for the process instance: first its power state (or that the VM is gone or unreadable), then its
     * resources, in the order they are put right. Answers how many it found. No answer (the sync was skipped by
     * hand) finds nothing.
     */
    @Transactional
    public int compare(long serviceId, String operationKey, String processInstanceId) {
        ServiceInstance service = service(serviceId);
        SyncAnswers.Answer answer = answers.of(serviceId, operationKey).orElse(null);
        if (answer == null) {
            return 0;
        }
        List<Found> found = new ArrayList<>();
        if (!answer.completed()) {
            found.add(ModuleOutcome.Rejected.NOT_FOUND.equals(answer.rejectCode())
                    ? new Found(DriftKind.GONE, "the module has no host " + service.getExternalId() + " ("
                            + answer.rejectMessage() + ")", false)
                    : new Found(DriftKind.STATE_UNKNOWN, "the module refused to read host "
                            + service.getExternalId() + ": " + answer.rejectCode() + ": " + answer.rejectMessage(),
                            false));
        } else {
            Optional<Found> power = powerDrift(service, answer);
            power.ifPresent(found::add);
            // the resources of a VM in a state HostFlow cannot read tell nothing
            if (power.isEmpty() || power.get().kind() != DriftKind.STATE_UNKNOWN) {
                resourceDrift(service, answer).ifPresent(found::add);
            }
        }
        Instant now = clock.instant();
        for (Found drift : found) {
            jdbc.update("insert into " + DRIFT + " (service_id, process_instance_id, kind, detail,"
                    + " resources_below_paid, status, found_at) values (?, ?, ?, ?, ?, ?, ?)", serviceId,
                    processInstanceId, drift.kind().name(), cut(drift.detail(), MAX_DETAIL),
                    drift.resourcesBelowPaid(), OPEN, Timestamp.from(now));
            metrics.found(drift.kind());
        }
        return found.size();
    }

    /** The sync's next OPEN difference; once none is left, how many went to the department. */
    @Transactional(readOnly = true)
    public Next next(long serviceId, String processInstanceId) {
        ServiceInstance service = service(serviceId);
        List<Next> open = jdbc.query("select id, kind, resources_below_paid from " + DRIFT
                + " where process_instance_id = ? and status = ? order by id limit 1", (row, n) -> new Next(
                        row.getLong("id"), DriftKind.valueOf(row.getString("kind")),
                        row.getBoolean("resources_below_paid"), service.getStatus().name(),
                        suspensionReasons(service), service.getProductType(), 0), processInstanceId, OPEN);
        if (!open.isEmpty()) {
            return open.get(0);
        }
        Integer forDepartment = jdbc.queryForObject("select count(*) from " + DRIFT
                + " where process_instance_id = ? and status in (?, ?)", Integer.class, processInstanceId,
                FOR_DEPARTMENT.get(0), FOR_DEPARTMENT.get(1));
        return new Next(null, null, false, service.getStatus().name(), suspensionReasons(service),
                service.getProductType(),
                forDepartment == null ? 0 : forDepartment);
    }

    /** What became of a difference. Harmless when it is settled already (a retried job). */
    @Transactional
    public void settle(long driftId, DriftOutcome outcome) {
        List<String> kind = jdbc.query("select kind from " + DRIFT + " where id = ? and status = ?",
                (row, n) -> row.getString("kind"), driftId, OPEN);
        if (kind.isEmpty()) {
            return;
        }
        jdbc.update("update " + DRIFT + " set status = ?, settled_at = ? where id = ? and status = ?",
                outcome.name(), Timestamp.from(clock.instant()), driftId, OPEN);
        metrics.settled(DriftKind.valueOf(kind.get(0)), outcome);
    }

    /** The department's task: the service's module's department, a title, and everything that was handed over. */
    @Transactional(readOnly = true)
    public Brief brief(long serviceId, String processInstanceId) {
        ServiceInstance service = service(serviceId);
        List<Drift> handedOver = drifts(processInstanceId).stream()
                .filter(d -> FOR_DEPARTMENT.contains(d.status())).toList();
        ProcessingModuleConfig module = service.getProcessingModuleId() == null ? null
                : catalog.processingModule(service.getProcessingModuleId()).orElse(null);
        String department = module == null || module.departmentKey() == null ? fallbackDepartment
                : module.departmentKey();
        String title = handedOver.size() == 1 ? handedOver.get(0).kind().title()
                : handedOver.size() + " differences with the module";
        String client = clientContacts.contact(service.getClientId()).map(ClientContacts.Contact::name)
                .orElse("client #" + service.getClientId());
        String tariff = catalog.tariff(service.getTariffId()).map(TariffTerms::name)
                .orElse("tariff #" + service.getTariffId());
        StringBuilder text = new StringBuilder();
        text.append(client).append(" (client #").append(service.getClientId()).append("), service ")
                .append(serviceId).append(" (").append(tariff).append(", ").append(service.getStatus())
                .append(") on ").append(module == null ? "no module" : module.name()).append(", host ")
                .append(service.getExternalId() == null ? "unknown" : service.getExternalId())
                .append(". What differs:");
        for (Drift drift : handedOver) {
            text.append("\n- ").append(drift.kind().title()).append(": ").append(drift.detail()).append(
                    drift.status().equals(DriftOutcome.REPAIR_FAILED.name())
                            ? " (HostFlow tried to repair it and failed; see the service's journal)"
                            : " (the rule SyncDriftPolicy hands it to you)");
        }
        text.append("\nPut it right in the module by hand, or leave it as it is. To give the service up, delete it:"
                + " this task then closes by itself.");
        return new Brief(department, title, cut(text.toString(), MAX_BRIEF));
    }

    /** The department answered (or the service was deleted meanwhile): the handed-over differences are closed. */
    @Transactional
    public void resolve(String processInstanceId, String decision, String comment) {
        String resolution = switch (decision == null ? "" : decision) {
            case "fixed" -> "FIXED";
            case "leave" -> "LEFT";
            case "deleted" -> "SERVICE_DELETED";
            default -> throw new IllegalArgumentException("unknown decision " + decision);
        };
        jdbc.update("update " + DRIFT + " set resolution = ?, resolution_comment = ?, resolved_at = ?"
                + " where process_instance_id = ? and status in (?, ?) and resolution is null", resolution,
                cut(comment, MAX_COMMENT), Timestamp.from(clock.instant()), processInstanceId, FOR_DEPARTMENT.get(0),
                FOR_DEPARTMENT.get(1));
    }

    // --- reads ----------------------------------------------------------------------------------------------------

    /** Differences found, newest first, optionally of one service and in one status. */
    @Transactional(readOnly = true)
    public Page<Drift> drifts(Long serviceId, String status, int page, int size) {
        if (status != null && !status.equals(OPEN) && !status.equals(CANCELLED) && EnumSet.allOf(DriftOutcome.class)
                .stream().noneMatch(o -> o.name().equals(status))) {
            throw new InvalidInputException("status",
                    "one of OPEN, REPAIRED, HANDED_OVER, REPAIR_FAILED, IGNORED, CANCELLED");
        }
        List<String> conditions = new ArrayList<>();
        List<Object> filter = new ArrayList<>();
        if (serviceId != null) {
            conditions.add("service_id = ?");
            filter.add(serviceId);
        }
        if (status != null) {
            conditions.add("status = ?");
            filter.add(status);
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        Long total = jdbc.queryForObject("select count(*) from " + DRIFT + where, Long.class, filter.toArray());
        filter.add(size);
        filter.add((long) page * size);
        List<Drift> content = jdbc.query("select * from " + DRIFT + where + " order by id desc limit ? offset ?",
                ServiceSyncs::drift, filter.toArray());
        return new PageImpl<>(content, PageRequest.of(page, size), total == null ? 0 : total);
    }

    private List<Drift> drifts(String processInstanceId) {
        return jdbc.query("select * from " + DRIFT + " where process_instance_id = ? order by id",
                ServiceSyncs::drift, processInstanceId);
    }

    /** The reasons in force by name, in the enum's order, comma-separated: the SyncDriftPolicy's suspensionReasons. */
    static String suspensionReasons(ServiceInstance service) {
        return service.getSuspensionReasons().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    // --- comparing ------------------------------------------------------------------------------------------------

    private static Optional<Found> powerDrift(ServiceInstance service, SyncAnswers.Answer answer) {
        String state = answer.hostState();
        String host = "host " + (answer.hostId() == null ? service.getExternalId() : answer.hostId());
        if (!HOST_RUNNING.equals(state) && !HOST_STOPPED.equals(state)) {
            return Optional.of(new Found(DriftKind.STATE_UNKNOWN, "the module shows " + host + " as "
                    + state + "; the service is " + service.getStatus(), false));
        }
        if (service.getStatus() == ServiceStatus.ACTIVE && HOST_STOPPED.equals(state)) {
            return Optional.of(new Found(DriftKind.STOPPED_WHILE_ACTIVE, host
                    + " is stopped; the service is ACTIVE", false));
        }
        if (service.getStatus() == ServiceStatus.SUSPENDED && HOST_RUNNING.equals(state)) {
            return Optional.of(new Found(DriftKind.RUNNING_WHILE_SUSPENDED, host
                    + " runs; the service is SUSPENDED (" + service.getSuspensionReasons() + ")", false));
        }
        return Optional.empty();
    }

    /**
     * The resources the module reports under the same code as an add-on of the service, compared with what the
     * service pays for (add-ons of 0 give nothing to compare). Below paid: every difference is less than paid, so
     * growing puts it right. A parameter change in progress waits for the turn this sync holds and has not reached
     * the module: the VM is compared with the values before it (with the new ones, it was a difference, and a repair
     * grew the VM ahead of the change).
     */
    private static Optional<Found> resourceDrift(ServiceInstance service, SyncAnswers.Answer answer) {
        List<String> differences = new ArrayList<>();
        boolean allBelow = true;
        Map<String, Long> inTheModule = service.hasParameterChangePending() ? service.getPreviousAddons()
                : service.getAddons();
        for (Map.Entry<String, Long> paid : new TreeMap<>(inTheModule).entrySet()) {
            Long reported = number(answer.resources().get(paid.getKey()));
            if (paid.getValue() == null || paid.getValue() <= 0 || reported == null
                    || reported.equals(paid.getValue())) {
                continue;
            }
            differences.add(paid.getKey() + " " + reported + " in the module, " + paid.getValue() + " paid for");
            allBelow &= reported < paid.getValue();
        }
        return differences.isEmpty() ? Optional.empty()
                : Optional.of(new Found(DriftKind.RESOURCES_CHANGED, String.join(", ", differences),
                        allBelow));
    }

    private boolean canSync(String moduleType) {
        return moduleTypes.descriptor(moduleType).map(d -> d.supports(ModuleOperation.SYNC)).orElse(false);
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new IllegalStateException("no service " + serviceId));
    }

    private static Drift drift(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new Drift(row.getLong("id"), row.getLong("service_id"), row.getString("process_instance_id"),
                DriftKind.valueOf(row.getString("kind")), row.getString("detail"), row.getString("status"),
                instant(row.getTimestamp("found_at")), instant(row.getTimestamp("settled_at")),
                row.getString("resolution"), row.getString("resolution_comment"),
                instant(row.getTimestamp("resolved_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Long number(String text) {
        if (text == null || !text.trim().matches("-?\\d+")) {
            return null;
        }
        return Long.parseLong(text.trim());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private record Candidate(long serviceId, String moduleType) {
    }

    private record Found(DriftKind kind, String detail, boolean resourcesBelowPaid) {
    }
}
