package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

import org.hibernate.annotations.BatchSize;

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
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyEnumerated;
import jakarta.persistence.Table;

/**
 * One resource of a tariff: {@code included} units come with the tariff's price; a client chooses from {@code min}
 * to {@code max} in steps of {@code step}, and every step above {@code included} costs {@code prices[period]}.
 */
@Entity
@Table(name = "tariff_addon")
public class TariffAddon {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tariff_id")
    private TariffPlan tariff;

    /** Keeps the admin's order of the add-ons. */
    private int position;

    @Column(name = "resource_code", nullable = false)
    private String resource;

    private long included;

    @Column(name = "min_value")
    private long min;

    @Column(name = "max_value")
    private long max;

    @Column(name = "step_size")
    private long step;

    // the prices of all of a tariff's add-ons in one query when the first is read, not one query per add-on
    @BatchSize(size = 64)
    @ElementCollection
    @CollectionTable(name = "tariff_addon_price", joinColumns = @JoinColumn(name = "addon_id"))
    @MapKeyEnumerated(EnumType.STRING)
    @MapKeyColumn(name = "period")
    @Column(name = "amount", nullable = false)
    private Map<Period, BigDecimal> prices = new EnumMap<>(Period.class);

    protected TariffAddon() {
    }

    public TariffAddon(String resource, long included, long min, long max, long step, Map<Period, BigDecimal> prices) {
        this.resource = resource;
        this.included = included;
        this.min = min;
        this.max = max;
        this.step = step;
        this.prices.putAll(prices);
    }

    void attachTo(TariffPlan tariff) {
        this.tariff = tariff;
    }

    void placeAt(int position) {
        this.position = position;
    }

    void copyFrom(TariffAddon other) {
        this.position = other.position;
        this.included = other.included;
        this.min = other.min;
        this.max = other.max;
        this.step = other.step;
        this.prices.clear();
        this.prices.putAll(other.prices);
    }

    public String getResource() {
        return resource;
    }

    public long getIncluded() {
        return included;
    }

    public long getMin() {
        return min;
    }

    public long getMax() {
        return max;
    }

    public long getStep() {
        return step;
    }

    public Map<Period, BigDecimal> getPrices() {
        return prices;
    }
}
