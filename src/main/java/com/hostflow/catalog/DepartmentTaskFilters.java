package com.hostflow.catalog;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * The shared Tasklist filters of a department: its open tasks, those whose follow-up date has come, and the overdue
 * ones, each showing the tasks whose candidate group is the department (claimed ones too), soonest due first. Only
 * the department's group (and admins) may read them. Their engine ids live with the department
 * ({@code department_task_filter}), so renaming and deleting find them, and a filter deleted in Tasklist comes back.
 * Runs in the caller's transaction: the engine joins Spring's.
 */
@Component
public class DepartmentTaskFilters {

    /** What a filter shows; its name is "&lt;department&gt;: &lt;label&gt;". */
    public enum Kind {
        OPEN("open tasks", "Every task of the department, soonest due first", UnaryOperator.identity()),
        FOLLOW_UP("follow-up reached", "Tasks whose follow-up date has come: nobody has finished them yet",
                query -> query.followUpBeforeExpression("${now()}")),
        OVERDUE("overdue", "Tasks past their due date", query -> query.dueBeforeExpression("${now()}"));

        private final String label;
        private final String description;
        private final UnaryOperator<TaskQuery> criteria;

        Kind(String label, String description, UnaryOperator<TaskQuery> criteria) {
            this.label = label;
            this.description = description;
            this.criteria = criteria;
        }

        public String filterName(String departmentName) {
            return departmentName + ": " + label;
        }
    }

    /** Task variables Tasklist shows as columns of these filters (the inputs of ModuleOperationProcess). */
    private static final List<Map<String, String>> VARIABLES = List.of(
            Map.of("name", "serviceId", "label", "Service"),
            Map.of("name", "operation", "label", "Operation"));

    /** Tasklist lists filters by ascending priority: after its own default ones. */
    private static final int FIRST_PRIORITY = 10;

    private final FilterService filters;
    private final TaskService tasks;
    private final AuthorizationService authorizations;

    DepartmentTaskFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations) {
        this.filters = filters;
        this.tasks = tasks;
        this.authorizations = authorizations;
    }

    /**
     * Creates the filters the department lacks (also one deleted in Tasklist), names them after the department and
     * makes sure its group may read them. Idempotent.
     */
    void ensure(Department department) {
        for (Kind kind : Kind.values()) {
            String filterId = department.taskFilters().get(kind.name());
            Filter filter = filterId == null ? null : filters.getFilter(filterId);
            if (filter == null) {
                filter = filters.newTaskFilter();
                filter.setQuery(query(department.getKey(), kind));
                filter.setProperties(properties(kind));
            }
            filter.setName(kind.filterName(department.getName()));
            filter = filters.saveFilter(filter);
            department.taskFilters().put(kind.name(), filter.getId());
            grantRead(department.getKey(), filter.getId());
        }
    }

    /** Deletes the department's filters; the engine deletes their authorizations with them. */
    void delete(Department department) {
        department.taskFilters().values().stream()
                .filter(id -> filters.getFilter(id) != null)
                .forEach(filters::deleteFilter);
        department.taskFilters().clear();
    }

    private TaskQuery query(String departmentKey, Kind kind) {
        TaskQuery query = tasks.createTaskQuery().taskCandidateGroup(departmentKey).includeAssignedTasks();
        return kind.criteria.apply(query).orderByDueDate().asc().orderByTaskCreateTime().asc();
    }

    private static Map<String, Object> properties(Kind kind) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", kind.description);
        properties.put("priority", FIRST_PRIORITY + kind.ordinal());
        properties.put("refresh", true);
        properties.put("variables", VARIABLES);
        return properties;
    }

    private void grantRead(String groupId, String filterId) {
        boolean granted = authorizations.createAuthorizationQuery().groupIdIn(groupId)
                .resourceType(Resources.FILTER).resourceId(filterId).hasPermission(Permissions.READ).count() > 0;
        if (!granted) {
            Authorization read = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            read.setGroupId(groupId);
            read.setResource(Resources.FILTER);
            read.setResourceId(filterId);
            read.addPermission(Permissions.READ);
            authorizations.saveAuthorization(read);
        }
    }
}
