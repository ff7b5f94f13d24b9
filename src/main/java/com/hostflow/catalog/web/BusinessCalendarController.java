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

import com.hostflow.catalog.BusinessCalendarForm;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.BusinessCalendarView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/calendars")
@Tag(name = "Catalog: business calendars")
class BusinessCalendarController {

    private final BusinessCalendarService calendars;

    BusinessCalendarController(BusinessCalendarService calendars) {
        this.calendars = calendars;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.STAFF)
    List<BusinessCalendarView> list() {
        return calendars.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.STAFF)
    BusinessCalendarView get(@PathVariable long id) {
        return calendars.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<BusinessCalendarView> create(@Valid @RequestBody BusinessCalendarForm form) {
        BusinessCalendarView created = calendars.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    BusinessCalendarView update(@PathVariable long id, @Valid @RequestBody BusinessCalendarForm form) {
        return calendars.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        calendars.delete(id);
        return ResponseEntity.noContent().build();
    }
}
