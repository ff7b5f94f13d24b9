package com.hostflow.security;

import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * Departments, staff, clients and department tasks made straight in the engine (its identity store, a one-task
 * process whose candidate group is the department), named uniquely so tests sharing the database never collide.
 * {@link #undeploy()} removes the processes and their instances again.
 */
final class DepartmentStaff {

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final IdentityService identity;
    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final java.util.List<String> deployments = new java.util.ArrayList<>();

    DepartmentStaff(IdentityService identity, RepositoryService repository, RuntimeService runtime,
            TaskService tasks) {
        this.identity = identity;
        this.repository = repository;
        this.runtime = runtime;
        this.tasks = tasks;
    }

    /** A department's group (type department, id = the key); answers the key. */
    String department(String name) {
        Group group = identity.newGroup(name + "-" + suffix);
        group.setName(group.getId());
        group.setType(Roles.DEPARTMENT_GROUP_TYPE);
        identity.saveGroup(group);
        return group.getId();
    }

    /** A STAFF login in the departments; answers the user name. */
    String staff(String name, String password, String... departments) {
        String username = user(name, password, Roles.STAFF_GROUP);
        for (String department : departments) {
            identity.createMembership(username, department);
        }
        return username;
    }

    /** A login of the given role group ({@link Roles#CLIENT_GROUP}, {@link Roles#ADMIN_GROUP}, ...). */
    String user(String name, String password, String roleGroup) {
        User user = identity.newUser(name + "-" + suffix);
        user.setPassword(password);
        identity.saveUser(user);
        identity.createMembership(user.getId(), roleGroup);
        return user.getId();
    }

    /** Starts a process whose one user task goes to the department; answers the task's id. */
    String task(String department) {
        String processKey = "DepartmentTask" + suffix.replace("-", "") + deployments.size();
        BpmnModelInstance model = Bpmn.createExecutableProcess(processKey).camundaHistoryTimeToLive(1)
                .startEvent().userTask("Task_Handle").name("Handle it").camundaCandidateGroups(department)
                .endEvent().done();
        deployments.add(repository.createDeployment().addModelInstance(processKey + ".bpmn", model).deploy().getId());
        String instanceId = runtime.startProcessInstanceByKey(processKey).getId();
        return tasks.createTaskQuery().processInstanceId(instanceId).singleResult().getId();
    }

    void undeploy() {
        deployments.forEach(deployment -> repository.deleteDeployment(deployment, true, true));
        deployments.clear();
    }
}
