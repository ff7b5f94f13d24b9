package com.hostflow.services;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.hostflow.catalog.Period;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyEnumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One sold service (a VPS, ...). Processes refer to it by id only (business key = id); its state lives here.
 */
@Entity
@Table(name = "service")
public class ServiceInstance {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private long clientId;

    @Column(nullable = false)
    private long tariffId;

    @Column(nullable = false)
    private long providerId;

    @Column(nullable = false)
    private String productType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ServiceStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Period period;

    /** ordered as a trial; stays true after the trial ended, so the trial policy can count used trials */
    private boolean trial;

    private Instant paidUntil;

    /** the day of month the chain of paid periods started on, see BillingCalendar; null before it was kept */
    private Integer billingDay;

    @Convert(converter = JsonColumns.LongMap.class)
    @Column(nullable = false)
    private Map<String, Long> addons = new LinkedHashMap<>();

    @Convert(converter = JsonColumns.NullableLongMap.class)
    private Map<String, Long> previousAddons;

    /** the money key of the parameter change in progress (with {@link #previousAddons}), null when none is */
    private String parameterChangeKey;

    @Convert(converter = JsonColumns.StringMap.class)
    @Column(nullable = false)
    private Map<String, String> params = new LinkedHashMap<>();

    private Long processingModuleId;

    private String externalId;

    private String domain;

    @Convert(converter = JsonColumns.StringList.class)
    private List<String> ipAddresses = List.of();

    /** reason → since when; empty while the service is not suspended */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "service_suspension", joinColumns = @JoinColumn(name = "service_id"))
    @MapKeyEnumerated(EnumType.STRING)
    @MapKeyColumn(name = "reason")
    @Column(name = "since", nullable = false)
    private Map<SuspensionReason, Instant> suspensions = new EnumMap<>(SuspensionReason.class);

    /** a client deleted the service for the end of its paid period: when that happens */
    private Instant deleteAt;

    /** the ServiceDeletionProcess instance that set {@link #deleteAt}: only its end takes the deletion back */
    private String deletionInstance;

    /** why the deletion on record was asked for; null while none is (and for services deleted before V117) */
    @Enumerated(EnumType.STRING)
    private DeletionReason deletionReason;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ServiceInstance() {
    }

    public ServiceInstance(long clientId, long tariffId, long providerId, String productType, Period period,
            boolean trial, Map<String, Long> addons, Map<String, String> params, String domain, Instant now) {
        this.clientId = clientId;
        this.tariffId = tariffId;
        this.providerId = providerId;
        this.productType = productType;
        this.period = period;
        this.trial = trial;
        this.addons = new LinkedHashMap<>(addons);
        this.params = new LinkedHashMap<>(params);
        this.domain = domain;
        this.status = ServiceStatus.ORDERED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** What a module answered about the service in the remote system; null values leave the field as it is. */
    public void applyExternalData(String externalId, List<String> ipAddresses, Instant now) {
        if (externalId != null && !externalId.isBlank()) {
            this.externalId = externalId;
        }
        if (ipAddresses != null && !ipAddresses.isEmpty()) {
            this.ipAddresses = List.copyOf(ipAddresses);
        }
        this.updatedAt = now;
    }

    /** Puts a suspension reason in force; answers true when it is the first one, so the module must suspend. */
    public boolean addSuspension(SuspensionReason reason, Instant now) {
        boolean wasRunning = suspensions.isEmpty();
        suspensions.putIfAbsent(reason, now);
        this.updatedAt = now;
        return wasRunning;
    }

    /** Lifts a suspension reason; answers true when none is left, so the module may resume. */
    public boolean removeSuspension(SuspensionReason reason, Instant now) {
        suspensions.remove(reason);
        this.updatedAt = now;
        return suspensions.isEmpty();
    }

    public boolean isSuspendedFor(SuspensionReason reason) {
        return suspensions.containsKey(reason);
    }

    public void changeStatus(ServiceStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    public boolean isDeleted() {
        return status == ServiceStatus.DELETED;
    }

    /**
     * A deletion is on record, due at {@code deleteAt} (now, or the end of the paid period a client asked for), and
     * the process instance {@code deletionInstance} owns it ({@code null} until the caller knows its id).
     */
    public void scheduleDeletion(Instant deleteAt, String deletionInstance, Instant now) {
        this.deleteAt = deleteAt;
        this.deletionInstance = deletionInstance;
        this.updatedAt = now;
    }

    /** The deletion on record happens at {@code deleteAt} instead (an admin's now); its owner stays. */
    public void moveDeletion(Instant deleteAt, Instant now) {
        this.deleteAt = deleteAt;
        this.updatedAt = now;
    }

    /** Why the deletion on record (or the one done) was asked for; told to the client with it. */
    public void deletionAskedFor(DeletionReason reason) {
        this.deletionReason = reason;
    }

    public DeletionReason getDeletionReason() {
        return deletionReason;
    }

    /** The process instance that set the deletion on record is {@code deletionInstance}. */
    public void ownDeletion(String deletionInstance) {
        this.deletionInstance = deletionInstance;
    }

    /** No deletion on record any more: it was cancelled or given up. */
    public void dropDeletion(Instant now) {
        scheduleDeletion(null, null, now);
        this.deletionReason = null;
    }

    public Instant getDeleteAt() {
        return deleteAt;
    }

    /** Whether {@code processInstanceId} is the deletion that set {@link #getDeleteAt()}. */
    public boolean ownsDeletion(String processInstanceId) {
        return deleteAt != null && processInstanceId != null && processInstanceId.equals(deletionInstance);
    }

    /** A deletion is on record and due: asked for at once, or its end of the paid period has come. */
    public boolean isBeingDeleted(Instant now) {
        return deleteAt != null && !deleteAt.isAfter(now);
    }

    /** Deleted, or a deletion due: what it is told of next is its deletion, not a change that finished meanwhile. */
    public boolean isDeletedOrBeingDeleted(Instant now) {
        return isDeleted() || isBeingDeleted(now);
    }

    /** How a refusal says that a due deletion stands in the way: done already, or still under way. */
    public String deletionState() {
        return status == ServiceStatus.DELETED ? "is deleted" : "is being deleted";
    }

    /**
     * New add-on values, kept with the old ones until the module confirmed them; {@code changeKey} is the key the
     * change's money moved under.
     */
    public void startParameterChange(Map<String, Long> newAddons, String changeKey, Instant now) {
        this.previousAddons = new LinkedHashMap<>(addons);
        this.addons = new LinkedHashMap<>(newAddons);
        this.parameterChangeKey = changeKey;
        this.updatedAt = now;
    }

    public void finishParameterChange(Instant now) {
        this.previousAddons = null;
        this.parameterChangeKey = null;
        this.updatedAt = now;
    }

    /** The module could not apply the change: the old values are back. */
    public void revertParameterChange(Instant now) {
        if (previousAddons != null) {
            this.addons = new LinkedHashMap<>(previousAddons);
            this.previousAddons = null;
        }
        this.parameterChangeKey = null;
        this.updatedAt = now;
    }

    public Map<String, Long> getPreviousAddons() {
        return previousAddons == null ? Map.of() : Map.copyOf(previousAddons);
    }

    /** The money key of the parameter change in progress, if one is and it was started with a key. */
    public Optional<String> getParameterChangeKey() {
        return Optional.ofNullable(parameterChangeKey);
    }

    public boolean hasParameterChangePending() {
        return previousAddons != null;
    }

    /** A trial becomes a paid period when it is prolonged. */
    public void changePeriod(Period period, Instant now) {
        this.period = period;
        this.updatedAt = now;
    }

    public void assignDomain(String domain, Instant now) {
        this.domain = domain;
        this.updatedAt = now;
    }

    public void paidUntil(Instant paidUntil, Integer billingDay, Instant now) {
        this.paidUntil = paidUntil;
        this.billingDay = billingDay;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public long getClientId() {
        return clientId;
    }

    public long getTariffId() {
        return tariffId;
    }

    public long getProviderId() {
        return providerId;
    }

    public String getProductType() {
        return productType;
    }

    public ServiceStatus getStatus() {
        return status;
    }

    public Period getPeriod() {
        return period;
    }

    public boolean isTrial() {
        return trial;
    }

    public Instant getPaidUntil() {
        return paidUntil;
    }

    public Integer getBillingDay() {
        return billingDay;
    }

    public Map<String, Long> getAddons() {
        // in the order they were given (the tariff's), not Map.copyOf's order, which changes from run to run
        return Collections.unmodifiableMap(new LinkedHashMap<>(addons));
    }

    /**
     * The add-ons a period is charged for: while a parameter change waits for its module, each resource at the larger
     * of its old and new value, so whichever way the module answers, what is owed for that period comes back as a
     * credit (a decrease applied, an increase refused), never as a charge an empty balance could not pay.
     */
    public Map<String, Long> getBillableAddons() {
        Map<String, Long> billable = new LinkedHashMap<>(addons);
        if (previousAddons != null) {
            previousAddons.forEach((resource, value) -> billable.merge(resource, value, Math::max));
        }
        return Collections.unmodifiableMap(billable);
    }

    public Map<String, String> getParams() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Long getProcessingModuleId() {
        return processingModuleId;
    }

    public String getExternalId() {
        return externalId;
    }

    public String getDomain() {
        return domain;
    }

    public List<String> getIpAddresses() {
        return ipAddresses;
    }

    public Set<SuspensionReason> getSuspensionReasons() {
        return Set.copyOf(suspensions.keySet());
    }

    public Map<SuspensionReason, Instant> getSuspensions() {
        return Map.copyOf(suspensions);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
