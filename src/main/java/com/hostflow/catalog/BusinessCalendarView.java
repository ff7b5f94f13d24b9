package com.hostflow.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

public record BusinessCalendarView(long id, long providerId, String timeZone, List<String> weekendDays,
        List<BusinessCalendarForm.Holiday> holidays,
        @JsonIgnore long version) implements Versioned {

    static BusinessCalendarView of(BusinessCalendar c) {
        return new BusinessCalendarView(c.getId(), c.getProviderId(), c.getTimeZone(),
                c.getWeekendDays().stream().sorted().map(Enum::name).toList(),
                c.getHolidays().entrySet().stream()
                        .map(h -> new BusinessCalendarForm.Holiday(h.getKey().toString(), h.getValue())).toList(),
                c.getVersion());
    }
}
