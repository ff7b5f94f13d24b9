package com.hostflow.catalog;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.StorableDate;

/** Business calendars, one per provider, that decide when a suspension may happen (see the SuspensionTiming table). */
@Service
@Transactional
public class BusinessCalendarService {

    static final String AUDIT_ENTITY = "calendar";

    private final BusinessCalendarRepository calendars;
    private final ProviderRepository providers;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;

    BusinessCalendarService(BusinessCalendarRepository calendars, ProviderRepository providers, AuditLog auditLog,
            UnchangedWrites unchanged) {
        this.calendars = calendars;
        this.providers = providers;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
    }

    @Transactional(readOnly = true)
    public List<BusinessCalendarView> list() {
        return calendars.findAllByOrderByIdAsc().stream().map(BusinessCalendarView::of).toList();
    }

    @Transactional(readOnly = true)
    public BusinessCalendarView get(long id) {
        return BusinessCalendarView.of(find(id));
    }

    /** The provider's working days; Saturday and Sunday in UTC when it has no calendar. */
    @Transactional(readOnly = true)
    public WorkingDays workingDays(long providerId) {
        return calendars.findByProviderId(providerId)
                .map(c -> new WorkingDays(ZoneId.of(c.getTimeZone()), c.getWeekendDays(), Map.copyOf(c.getHolidays())))
                .orElse(WorkingDays.DEFAULT);
    }

    public BusinessCalendarView create(BusinessCalendarForm form) {
        providers.shareById(form.providerId()); // a deletion of the provider waits, or is waited for
        Valid valid = validate(form);
        if (calendars.existsByProviderId(form.providerId())) {
            throw new ConflictException("provider " + form.providerId() + " has a calendar already");
        }
        BusinessCalendar calendar = new BusinessCalendar(form.providerId());
        calendar.replace(valid.zone(), valid.weekendDays(), valid.holidays());
        BusinessCalendarView created = BusinessCalendarView.of(calendars.saveAndFlush(calendar));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public BusinessCalendarView update(long id, BusinessCalendarForm form, IfMatch ifMatch) {
        BusinessCalendar calendar = lock(id);
        ifMatch.check(calendar.getVersion());
        Valid valid = validate(form);
        if (form.providerId() != calendar.getProviderId()) {
            throw new ConflictException("a calendar stays with its provider; create one for provider "
                    + form.providerId() + " instead");
        }
        BusinessCalendarView before = BusinessCalendarView.of(calendar);
        calendar.replace(valid.zone(), valid.weekendDays(), valid.holidays());
        if (unchanged.dropIfUnchanged(calendar, before, BusinessCalendarView.of(calendar))) {
            return before;
        }
        calendars.flush();
        BusinessCalendarView after = BusinessCalendarView.of(calendar);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        BusinessCalendar calendar = lock(id);
        ifMatch.check(calendar.getVersion());
        BusinessCalendarView before = BusinessCalendarView.of(calendar);
        calendars.delete(calendar);
        calendars.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    private BusinessCalendar find(long id) {
        return calendars.findById(id).orElseThrow(() -> new NotFoundException("calendar", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private BusinessCalendar lock(long id) {
        return calendars.lockById(id).orElseThrow(() -> new NotFoundException("calendar", id));
    }

    private record Valid(String zone, Set<DayOfWeek> weekendDays, Map<LocalDate, String> holidays) {
    }

    /**
     * The checks of a create or an update that bean validation cannot make, writing nothing: a body its bean
     * constraints refuse gets these problems too (an unknown provider, a bad time zone), in one round.
     */
    public void checkInput(BusinessCalendarForm form) {
        validate(form);
    }

    /** Null-safe: a field the bean constraints refuse (missing) is theirs to name, and the others are still checked. */
    private Valid validate(BusinessCalendarForm form) {
        FieldProblems problems = new FieldProblems();
        problems.addIf(form.providerId() != null && !providers.existsById(form.providerId()), "providerId",
                "unknown provider " + form.providerId());
        String zone = null;
        try {
            zone = form.timeZone() == null || form.timeZone().isBlank() ? null : ZoneId.of(form.timeZone().trim())
                    .getId();
        } catch (DateTimeException e) {
            problems.add("timeZone", "must be a time zone such as Europe/Amsterdam or UTC");
        }
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        List<String> weekendDays = form.weekendDays() == null ? List.of() : form.weekendDays();
        for (int i = 0; i < weekendDays.size(); i++) {
            String day = weekendDays.get(i);
            try {
                if (!weekend.add(DayOfWeek.valueOf(day == null ? "" : day.trim().toUpperCase(Locale.ROOT)))) {
                    problems.add("weekendDays[" + i + "]", "is named twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add("weekendDays[" + i + "]", "must be a day of the week such as SATURDAY");
            }
        }
        problems.addIf(weekend.size() == 7, "weekendDays", "must leave at least one working day");
        Map<LocalDate, String> holidays = new TreeMap<>();
        List<BusinessCalendarForm.Holiday> given = form.holidays() == null ? List.of() : form.holidays();
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null || given.get(i).date() == null) {
                continue; // the bean constraints name it
            }
            try {
                LocalDate day = LocalDate.parse(given.get(i).date().trim());
                if (!StorableDate.fits(day)) {
                    problems.add("holidays[" + i + "].date", StorableDate.RANGE);
                } else if (holidays.put(day, String.valueOf(given.get(i).name()).trim()) != null) {
                    problems.add("holidays[" + i + "].date", "is named twice");
                }
            } catch (DateTimeParseException e) {
                problems.add("holidays[" + i + "].date", "must be a date such as 2027-01-01");
            }
        }
        problems.throwIfAny();
        return new Valid(zone, weekend, holidays);
    }
}
