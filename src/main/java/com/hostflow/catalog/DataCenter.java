package com.hostflow.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A logical group of servers that processing modules belong to; optionally shown with a flag or an image. */
@Entity
@Table(name = "data_center")
public class DataCenter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(nullable = false)
    private String name;

    /** The data center's id in the external system (DCImanager location, OpenStack region). */
    private String externalId;

    private int sortOrder;

    /** ISO 3166 alpha-2 code whose flag is the icon; exclusive with {@link #iconImageUrl}. */
    private String iconCountryCode;

    private String iconImageUrl;

    protected DataCenter() {
    }

    public DataCenter(String name) {
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

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    public int getSortOrder() {
        return sortOrder;
    }

    public void setSortOrder(int sortOrder) {
        this.sortOrder = sortOrder;
    }

    public String getIconCountryCode() {
        return iconCountryCode;
    }

    public String getIconImageUrl() {
        return iconImageUrl;
    }

    /** Sets the icon: a country flag, an image, or none (both null). */
    public void setIcon(String countryCode, String imageUrl) {
        this.iconCountryCode = countryCode;
        this.iconImageUrl = imageUrl;
    }
}
