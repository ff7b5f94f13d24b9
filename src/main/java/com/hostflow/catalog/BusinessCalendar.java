package com.hostflow.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A provider's working days: its time zone, the weekdays it rests and its public holidays. */
@Entity
@Table(name = "business_calendar")
public class BusinessCalendar {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(nullable = false, unique = true)
    private long providerId;

    @Column(nullable = false)
    private String timeZone;

    /** comma-separated {@link DayOfWeek} names */
    @Column(nullable = false)
    private String weekendDays;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "business_holiday", joinColumns = @JoinColumn(name = "calendar_id"))
    @MapKeyColumn(name = "holiday_date")
    @Column(name = "name", nullable = false)
    private Map<LocalDate, String> holidays = new TreeMap<>();

    protected BusinessCalendar() {
    }

    public BusinessCalendar(long providerId) {
        this.providerId = providerId;
    }

    void replace(String timeZone, Set<DayOfWeek> weekendDays, Map<LocalDate, String> holidays) {
        this.timeZone = timeZone;
        this.weekendDays = weekendDays.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        this.holidays.clear();
        this.holidays.putAll(holidays);
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public long getProviderId() {
        return providerId;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public Set<DayOfWeek> getWeekendDays() {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(weekendDays.split(",")).filter(s -> !s.isBlank()).map(DayOfWeek::valueOf).forEach(days::add);
        return days;
    }

    public Map<LocalDate, String> getHolidays() {
        return new TreeMap<>(holidays);
    }
}
