package com.hostflow.catalog.web;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.CreateKey;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.IfMatch;
import com.hostflow.catalog.BusinessCalendarForm;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.BusinessCalendarView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/calendars")
@Tag(name = "Business calendars", description = "A provider's working days: weekend days and holidays in its time zone."
        + " A BILLING suspension that waits for a working day (SuspensionTiming) counts on them.")
class BusinessCalendarController {

    private final BusinessCalendarService calendars;
    private final CreateOnce once;

    BusinessCalendarController(BusinessCalendarService calendars, CreateOnce once) {
        this.calendars = calendars;
        this.once = once;
    }

    @Operation(summary = "List business calendars", description = "ADMIN and STAFF.")
    @GetMapping
    @PreAuthorize(CatalogAccess.STAFF)
    List<BusinessCalendarView> list() {
        return calendars.list();
    }

    @Operation(summary = "Get a business calendar", description = "ADMIN and STAFF; 404 for an unknown id.")
    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.STAFF)
    BusinessCalendarView get(@PathVariable long id) {
        return calendars.get(id);
    }

    @Operation(summary = "Create a provider's business calendar", description = "ADMIN only; one calendar per"
            + " provider (409 for a second). `weekendDays` are day names, `holidays` dates with a name.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Amsterdam office days", value = CatalogExamples.CALENDAR))))
    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<BusinessCalendarView> create(@Valid @RequestBody BusinessCalendarForm form, CreateKey key) {
        return once.answer(key, "calendar", form.toString(),
                () -> calendars.create(form), BusinessCalendarView::id, calendars::get);
    }

    @Operation(summary = "Replace a business calendar", description = "ADMIN only; the whole calendar as on"
            + " creation. Suspensions already scheduled keep their day; new ones count on the change.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Amsterdam office days", value = CatalogExamples.CALENDAR))))
    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    BusinessCalendarView update(@PathVariable long id, @Valid @RequestBody BusinessCalendarForm form, IfMatch ifMatch) {
        return calendars.update(id, form, ifMatch);
    }

    @Operation(summary = "Delete a business calendar", description = "ADMIN only; the provider falls back to"
            + " Saturday and Sunday as weekend days, with no holidays.")
    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        calendars.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
