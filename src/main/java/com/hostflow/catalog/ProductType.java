package com.hostflow.catalog;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A kind of product (VPS, hosting, domain): the rules its services follow — trial policy, expense splitting,
 * suspension, deletion — the periods it can be ordered for, its resources (content) and its order parameters.
 */
@Entity
@Table(name = "product_type")
public class ProductType {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(nullable = false, unique = true, updatable = false)
    private String code;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TrialPolicy trialPolicy;

    private boolean splitExpensesByMonth;

    private boolean noSuspendOnWeekends;

    /** Days after which an unpaid service is deleted automatically. */
    private int autoDeletionDays;

    /** days a BILLING suspension waits after the paid period ended */
    private int suspensionGraceDays;

    /** Days before the end of the paid period on which the client is reminded, comma-separated (e.g. 3,1). */
    @Column(name = "expiry_reminder_days", nullable = false)
    private String expiryReminderDays = ProductTypeForm.DEFAULT_REMINDER_DAYS.stream().map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(","));

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ClientDeletion clientDeletion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OnClientDelete onClientDelete;

    @ElementCollection
    @CollectionTable(name = "product_type_period", joinColumns = @JoinColumn(name = "product_type_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "period")
    private Set<Period> orderPeriods = EnumSet.noneOf(Period.class);

    @ElementCollection
    @CollectionTable(name = "product_type_resource", joinColumns = @JoinColumn(name = "product_type_id"))
    @OrderColumn(name = "position")
    private List<Resource> resources = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "product_type_parameter", joinColumns = @JoinColumn(name = "product_type_id"))
    @OrderColumn(name = "position")
    private List<Parameter> parameters = new ArrayList<>();

    protected ProductType() {
    }

    public ProductType(String code, String name) {
        this.code = code;
        this.name = name;
        this.trialPolicy = TrialPolicy.NONE;
        this.clientDeletion = ClientDeletion.ALLOWED;
        this.onClientDelete = OnClientDelete.IMMEDIATELY;
    }

    public boolean hasResource(String resourceCode) {
        return resources.stream().anyMatch(r -> r.getCode().equals(resourceCode));
    }

    public boolean allows(Period period) {
        return orderPeriods.contains(period);
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getCode() {
        return code;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public TrialPolicy getTrialPolicy() {
        return trialPolicy;
    }

    public void setTrialPolicy(TrialPolicy trialPolicy) {
        this.trialPolicy = trialPolicy;
    }

    public boolean isSplitExpensesByMonth() {
        return splitExpensesByMonth;
    }

    public void setSplitExpensesByMonth(boolean splitExpensesByMonth) {
        this.splitExpensesByMonth = splitExpensesByMonth;
    }

    public boolean isNoSuspendOnWeekends() {
        return noSuspendOnWeekends;
    }

    public void setNoSuspendOnWeekends(boolean noSuspendOnWeekends) {
        this.noSuspendOnWeekends = noSuspendOnWeekends;
    }

    /** Largest first, e.g. [3, 1]. */
    public List<Integer> getExpiryReminderDays() {
        if (expiryReminderDays == null || expiryReminderDays.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(expiryReminderDays.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::valueOf).sorted(java.util.Comparator.reverseOrder()).toList();
    }

    public void setExpiryReminderDays(List<Integer> days) {
        this.expiryReminderDays = days.stream().sorted(java.util.Comparator.reverseOrder()).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
    }

    public int getAutoDeletionDays() {
        return autoDeletionDays;
    }

    public void setAutoDeletionDays(int autoDeletionDays) {
        this.autoDeletionDays = autoDeletionDays;
    }

    public int getSuspensionGraceDays() {
        return suspensionGraceDays;
    }

    public void setSuspensionGraceDays(int suspensionGraceDays) {
        this.suspensionGraceDays = suspensionGraceDays;
    }

    public ClientDeletion getClientDeletion() {
        return clientDeletion;
    }

    public void setClientDeletion(ClientDeletion clientDeletion) {
        this.clientDeletion = clientDeletion;
    }

    public OnClientDelete getOnClientDelete() {
        return onClientDelete;
    }

    public void setOnClientDelete(OnClientDelete onClientDelete) {
        this.onClientDelete = onClientDelete;
    }

    public Set<Period> getOrderPeriods() {
        return orderPeriods;
    }

    public void setOrderPeriods(Set<Period> periods) {
        orderPeriods.clear();
        orderPeriods.addAll(periods);
    }

    public List<Resource> getResources() {
        return resources;
    }

    public void setResources(List<Resource> newResources) {
        resources.clear();
        resources.addAll(newResources);
    }

    public List<Parameter> getParameters() {
        return parameters;
    }

    public void setParameters(List<Parameter> newParameters) {
        parameters.clear();
        parameters.addAll(newParameters);
    }

    /** One resource of the product type's content, e.g. {@code ram} in MiB. */
    @Embeddable
    public static class Resource {

        @Column(nullable = false)
        private String code;

        @Column(nullable = false)
        private String name;

        @Column(nullable = false)
        private String unit;

        protected Resource() {
        }

        public Resource(String code, String name, String unit) {
            this.code = code;
            this.name = name;
            this.unit = unit;
        }

        public String getCode() {
            return code;
        }

        public String getName() {
            return name;
        }

        public String getUnit() {
            return unit;
        }
    }

    /** A value the client gives when ordering, e.g. {@code os}; free text unless it offers choices. */
    @Embeddable
    public static class Parameter {

        @Column(nullable = false)
        private String code;

        @Column(nullable = false)
        private String name;

        private boolean required;

        /** The values an order may name, in the order offered; null or empty: any text. */
        @JdbcTypeCode(SqlTypes.ARRAY)
        @Column(columnDefinition = "text[]")
        private List<String> choices;

        protected Parameter() {
        }

        public Parameter(String code, String name, boolean required, List<String> choices) {
            this.code = code;
            this.name = name;
            this.required = required;
            this.choices = choices == null || choices.isEmpty() ? null : new ArrayList<>(choices);
        }

        public String getCode() {
            return code;
        }

        public String getName() {
            return name;
        }

        public boolean isRequired() {
            return required;
        }

        public List<String> getChoices() {
            return choices == null ? List.of() : List.copyOf(choices);
        }
    }
}
