package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyEnumerated;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * What a client orders: a product type sold by one provider (fixed after creation) at a price per period, served by
 * one of its processing modules, with add-ons for the product type's resources.
 */
@Entity
@Table(name = "tariff_plan")
public class TariffPlan {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_type_id")
    private ProductType productType;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "provider_id", updatable = false)
    private Provider provider;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "group_id")
    private TariffGroup group;

    @Column(nullable = false)
    private String name;

    /** Only active tariffs can be ordered. */
    private boolean active;

    /** The VM template (VMmanager "VM configuration") services of this tariff are created from. */
    private String template;

    private boolean createAllAddons;

    /** E.g. {@code vps{serviceId}.example.net}, used when the client gives no domain. */
    private String defaultDomainTemplate;

    private int trialDays;

    @ManyToMany
    @JoinTable(name = "tariff_processing_module", joinColumns = @JoinColumn(name = "tariff_id"),
            inverseJoinColumns = @JoinColumn(name = "processing_module_id"))
    private Set<ProcessingModule> processingModules = new HashSet<>();

    @ElementCollection
    @CollectionTable(name = "tariff_price", joinColumns = @JoinColumn(name = "tariff_id"))
    @MapKeyEnumerated(EnumType.STRING)
    @MapKeyColumn(name = "period")
    @Column(name = "amount", nullable = false)
    private Map<Period, BigDecimal> prices = new EnumMap<>(Period.class);

    @OneToMany(mappedBy = "tariff", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<TariffAddon> addons = new ArrayList<>();

    protected TariffPlan() {
    }

    public TariffPlan(ProductType productType, Provider provider, String name) {
        this.productType = productType;
        this.provider = provider;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public ProductType getProductType() {
        return productType;
    }

    public void setProductType(ProductType productType) {
        this.productType = productType;
    }

    public Provider getProvider() {
        return provider;
    }

    public TariffGroup getGroup() {
        return group;
    }

    public void setGroup(TariffGroup group) {
        this.group = group;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public boolean isCreateAllAddons() {
        return createAllAddons;
    }

    public void setCreateAllAddons(boolean createAllAddons) {
        this.createAllAddons = createAllAddons;
    }

    public String getDefaultDomainTemplate() {
        return defaultDomainTemplate;
    }

    public void setDefaultDomainTemplate(String defaultDomainTemplate) {
        this.defaultDomainTemplate = defaultDomainTemplate;
    }

    public int getTrialDays() {
        return trialDays;
    }

    public void setTrialDays(int trialDays) {
        this.trialDays = trialDays;
    }

    public Set<ProcessingModule> getProcessingModules() {
        return processingModules;
    }

    public void setProcessingModules(Set<ProcessingModule> modules) {
        processingModules.clear();
        processingModules.addAll(modules);
    }

    public Map<Period, BigDecimal> getPrices() {
        return prices;
    }

    public void setPrices(Map<Period, BigDecimal> newPrices) {
        prices.clear();
        prices.putAll(newPrices);
    }

    public List<TariffAddon> getAddons() {
        return addons;
    }

    /**
     * Replaces the add-ons. An add-on for a resource that already had one is updated in place, so the unique
     * (tariff, resource) row is never inserted twice within one flush.
     */
    public void replaceAddons(List<TariffAddon> newAddons) {
        List<TariffAddon> result = new ArrayList<>();
        int position = 0;
        for (TariffAddon wanted : newAddons) {
            wanted.placeAt(position++);
            TariffAddon existing = addons.stream()
                    .filter(a -> a.getResource().equals(wanted.getResource())).findFirst().orElse(null);
            if (existing != null) {
                existing.copyFrom(wanted);
                result.add(existing);
            } else {
                wanted.attachTo(this);
                result.add(wanted);
            }
        }
        addons.clear();
        addons.addAll(result);
    }
}
