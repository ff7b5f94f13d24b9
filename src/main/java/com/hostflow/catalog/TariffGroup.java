package com.hostflow.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Groups tariff plans on the order page; the trial policy ONE_PER_TARIFF_GROUP counts trials per group. */
@Entity
@Table(name = "tariff_group")
public class TariffGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(nullable = false)
    private String name;

    protected TariffGroup() {
    }

    public TariffGroup(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
