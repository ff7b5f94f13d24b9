package com.hostflow.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.ProcessingModuleDepartmentChanged;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.sync.ServiceSyncProcess;
import com.hostflow.security.Roles;

/**
 * The department tasks about a service's module (a failed operation, manual work, a drift) belong to the module's
 * department as it is when the task is created, and follow the module when an admin gives it another department:
 * <ul>
 * <li>Before such a task is created, its {@code departmentKey} is read again from the module, whose row is held
 * {@code for share} until the task commits (a built-in start listener of the user task, so running instances of
 * older model versions get it too). The key the module call read may be minutes old: the module moved meanwhile and
 * its old department was deleted, and the task went to a group nobody is in.</li>
 * <li>When a module's department changes, its open tasks get the new department as candidate group in the same
 * transaction; a claimed task keeps its assignee. The module's update holds its row {@code for update}, so a task
 * being created for the module either commits first (and is moved here) or waits and reads the new department.</li>
 * </ul>
 */
@Component
class ModuleDepartmentTasks extends AbstractProcessEnginePlugin {

    /** the user tasks that go to the department of the service's module, by process key */
    private static final Map<String, Set<String>> TASKS = Map.of(
            ModuleOperationProcess.KEY, Set.of(ModuleOperationProcess.TASK_DO_MANUAL_WORK,
                    ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION),
            ServiceSyncProcess.KEY, Set.of(ServiceSyncProcess.TASK_LOOK_INTO_DRIFT));

    /** the same name in every process of {@link #TASKS} */
    private static final String SERVICE_ID = ModuleOperationProcess.SERVICE_ID;
    private static final String DEPARTMENT_KEY = ModuleOperationProcess.DEPARTMENT_KEY;

    private final ObjectProvider<CatalogLookup> catalog;
    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<TaskService> tasks;
    private final ObjectProvider<IdentityService> identity;
    private final ObjectProvider<AuthorizationService> authorizations;
    private final String fallbackDepartment;

    ModuleDepartmentTasks(ObjectProvider<CatalogLookup> catalog, ObjectProvider<JdbcTemplate> jdbc,
            ObjectProvider<TaskService> tasks, ObjectProvider<IdentityService> identity,
            ObjectProvider<AuthorizationService> authorizations,
            @Value("${hostflow.services.fallback-department:support}") String fallbackDepartment) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.identity = identity;
        this.authorizations = authorizations;
        this.fallbackDepartment = fallbackDepartment;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ExecutionListener departmentNow = this::departmentNow;
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTask, ScopeImpl scope, ActivityImpl activity) {
                Set<String> ids = activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
                        ? TASKS.get(definition.getKey()) : null;
                if (ids != null && ids.contains(activity.getId())) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, departmentNow);
                }
            }
        });
    }

    private void departmentNow(DelegateExecution execution) {
        Object serviceId = execution.getVariable(SERVICE_ID);
        Long moduleId = serviceId instanceof Number id ? moduleOf(id.longValue()) : null;
        if (moduleId != null && catalog.getObject().holdProcessingModule(moduleId)) {
            execution.setVariable(DEPARTMENT_KEY, departmentOf(catalog.getObject().processingModule(moduleId)
                    .map(ProcessingModuleConfig::departmentKey).orElse(null)));
        }
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
            if (!holdTask(task.getId())) {
                // completed (or its process cancelled) since the list was read: nothing left to move
                continue;
            }
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

    /**
     * Holds the task's row until the move commits, false when the task is gone: a staff member's completion that
     * committed after the list was read left nothing to move (the engine's "task doesn't exist" failed the whole
     * move, 500), and one that comes now waits for the move (and is 409 if the move changed the task meanwhile).
     */
    private boolean holdTask(String taskId) {
        return !jdbc.getObject().queryForList("select id_ from act_ru_task where id_ = ? for update", String.class,
                taskId).isEmpty();
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
