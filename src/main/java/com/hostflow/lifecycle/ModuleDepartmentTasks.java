package com.hostflow.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.ProcessingModuleDepartmentChanged;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.sync.ServiceSyncProcess;
import com.hostflow.security.Roles;

/**
 * The department tasks about a service's module (a failed operation, manual work, a drift) follow the module when an
 * admin gives it another department: its open tasks get the new department as candidate group in the same
 * transaction as the module's save, and the old department's grants on them go; a claimed task keeps its assignee.
 */
@Component
class ModuleDepartmentTasks {

    /** the user tasks that go to the department of the service's module, by process key */
    private static final Map<String, Set<String>> TASKS = Map.of(
            ModuleOperationProcess.KEY, Set.of(ModuleOperationProcess.TASK_DO_MANUAL_WORK,
                    ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION),
            ServiceSyncProcess.KEY, Set.of(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT));

    /** the same name in every process of {@link #TASKS} */
    private static final String SERVICE_ID = ModuleOperationProcess.SERVICE_ID;
    private static final String DEPARTMENT_KEY = ModuleOperationProcess.DEPARTMENT_KEY;

    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<TaskService> tasks;
    private final ObjectProvider<IdentityService> identity;
    private final ObjectProvider<AuthorizationService> authorizations;
    private final String fallbackDepartment;

    ModuleDepartmentTasks(ObjectProvider<JdbcTemplate> jdbc,
            ObjectProvider<TaskService> tasks, ObjectProvider<IdentityService> identity,
            ObjectProvider<AuthorizationService> authorizations,
            @Value("${hostflow.services.fallback-department:support}") String fallbackDepartment) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.identity = identity;
        this.authorizations = authorizations;
        this.fallbackDepartment = fallbackDepartment;
    }

    /**
     * Gives the module's open tasks its new department (claimed ones keep their assignee), unless the new one is no
     * department group (the fallback key without a department): they stay where they are then.
     */
    @EventListener
    void moved(ProcessingModuleDepartmentChanged change) {
        String from = departmentOf(change.departmentKeyBefore());
        String to = departmentOf(change.departmentKeyAfter());
        if (from.equals(to) || identity.getObject().createGroupQuery().groupId(to)
                .groupType(Roles.DEPARTMENT_GROUP_TYPE).count() == 0) {
            return;
        }
        TaskService taskService = tasks.getObject();
        List<Task> open = taskService.createTaskQuery().taskCandidateGroup(from).includeAssignedTasks()
                .processDefinitionKeyIn(TASKS.keySet().toArray(String[]::new)).list();
        for (Task task : open) {
            Object serviceId = taskService.getVariable(task.getId(), SERVICE_ID);
            if (serviceId instanceof Number id && Objects.equals(moduleOf(id.longValue()), change.moduleId())) {
                taskService.addCandidateGroup(task.getId(), to);
                taskService.deleteCandidateGroup(task.getId(), from);
                // the engine keeps the read and work it granted the old group on the task: its staff still saw it
                AuthorizationService grants = authorizations.getObject();
                grants.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(task.getId())
                        .groupIdIn(from).list().forEach(granted -> grants.deleteAuthorization(granted.getId()));
                taskService.setVariable(task.getId(), DEPARTMENT_KEY, to);
            }
        }
    }

    private Long moduleOf(long serviceId) {
        List<Long> module = jdbc.getObject().queryForList("select processing_module_id from hostflow.service"
                + " where id = ?", Long.class, serviceId);
        return module.isEmpty() ? null : module.get(0);
    }

    private String departmentOf(String key) {
        return key == null ? fallbackDepartment : key;
    }
}
