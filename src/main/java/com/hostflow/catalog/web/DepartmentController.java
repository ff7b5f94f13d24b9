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
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.DepartmentView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/departments")
@Tag(name = "Departments", description = "Teams that work on tasks in Tasklist. Each is a Camunda group (id = key)"
        + " with shared Tasklist filters, and says when its tasks are due.")
class DepartmentController {

    private static final String TIMES = " `taskDueAfter` and `taskFollowUpAfter` are ISO-8601 durations (PT4H and PT1H"
            + " when left out on creation; left out on a replace, they stay); the follow-up may not be later than the"
            + " due time.";

    private final DepartmentService departments;
    private final CreateOnce once;

    DepartmentController(DepartmentService departments, CreateOnce once) {
        this.departments = departments;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List departments", description = "ADMIN and STAFF.")
    @PreAuthorize(CatalogAccess.STAFF)
    List<DepartmentView> list() {
        return departments.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a department", description = "ADMIN and STAFF; 404 for an unknown id.")
    @PreAuthorize(CatalogAccess.STAFF)
    DepartmentView get(@PathVariable long id) {
        return departments.get(id);
    }

    @PostMapping
    @Operation(summary = "Create a department", description = "ADMIN only. Creates its Camunda group and its"
            + " Tasklist filters (open tasks, follow-up reached, overdue) that only the group may read." + TIMES,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Network operations", value = CatalogExamples.DEPARTMENT))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<DepartmentView> create(@Valid @RequestBody DepartmentForm form, CreateKey key) {
        return once.answer(key, "department", form.toString(),
                () -> departments.create(form), DepartmentView::id, departments::get);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a department", description = "ADMIN only. A new name renames its Camunda group and"
            + " Tasklist filters; the key cannot change (409)." + TIMES,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Network operations", value = CatalogExamples.DEPARTMENT))))
    @PreAuthorize(CatalogAccess.ADMIN)
    DepartmentView update(@PathVariable long id, @Valid @RequestBody DepartmentForm form, IfMatch ifMatch) {
        return departments.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a department", description = "ADMIN only. Its Camunda group and Tasklist filters go"
            + " with it; 409 while a processing module uses it, staff belong to it or it has open tasks.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        departments.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
