package com.hostflow.security;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.identity.ReadOnlyIdentityProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityLinkEntity;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyChange;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ParseListeners;

/**
 * A department's task (a user task with candidate groups, the department keys) is held only by someone who may work
 * on it: a STAFF member of one of its departments (groups of type department), or an admin. Claiming it for,
 * assigning or delegating it to, making the owner or adding as a candidate user anyone else (an unknown id, a
 * client's login, staff of another department), or adding a candidate group that is no department, is refused
 * with {@link DepartmentTaskHolderRefused}, whoever asks (staff or admin) and however (the engine REST, Tasklist
 * through the webapps' path, Java): the check is a built-in {@code update} listener of every user task, which the
 * engine fires after each change of a task's assignee, owner or identity links, inside the command, so a refusal
 * rolls the change back whole. Giving a task up (no assignee)
 * stays allowed, and so does handing it between those already on it (a delegation makes the assignee the owner,
 * resolving it gives it back to the owner) even when one of them has left the department since. Tasks without
 * candidate groups (none of HostFlow's) are not checked. No process's user task, whatever its candidates, is made
 * another task's subtask ({@code parentTaskId}) or linked to a case, by anyone, and its name and description are an
 * admin's to change ({@link #checkProcessTaskWording}).
 */
@Component
class DepartmentTaskHolders extends AbstractProcessEnginePlugin {

    private static final TaskListener CHECK = DepartmentTaskHolders::check;
    private static final TaskListener COMPLETION = DepartmentTaskHolders::checkCompletion;

    /** The property of a refused candidate group, the field of {@code POST /task/{id}/identity-links} too. */
    static final String GROUP = "groupId";
    /** The property of a refused parent task, the field of {@code PUT /task/{id}}. */
    static final String PARENT = "parentTaskId";
    /** The property of a refused case instance, the field of {@code PUT /task/{id}}. */
    static final String CASE_INSTANCE = "caseInstanceId";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTask, ScopeImpl scope, ActivityImpl activity) {
                // built in: runs also when an admin skips custom listeners, and no model can forget it
                TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
                task.addBuiltInTaskListener(TaskListener.EVENTNAME_UPDATE, CHECK);
                task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, COMPLETION);
            }
        });
    }

    static void check(DelegateTask delegate) {
        TaskEntity task = (TaskEntity) delegate;
        PropertyChange parent = task.getPropertyChanges().get(TaskEntity.PARENT_TASK);
        if (parent != null && task.getExecutionId() != null) {
            // the engine deletes a task's subtasks when it ends: completing the other task removed this one, and its
            // process waited for good on a task that was gone
            throw new DepartmentTaskHolderRefused(PARENT, parent.getNewValueString(), "a task of a process is no"
                    + " other task's subtask; its process waits for it to be completed");
        }
        Set<String> departments = new TreeSet<>();
        for (IdentityLink candidate : task.getCandidates()) {
            if (candidate.getGroupId() != null) {
                departments.add(candidate.getGroupId());
            }
        }
        if (!departments.isEmpty()) {
            checkHolders(task, departments);
        }
        if (task.getExecutionId() != null) {
            checkProcessTaskWording(task);
        }
    }

    /** Who may hold or be offered a task of {@code departments}. */
    private static void checkHolders(TaskEntity task, Set<String> departments) {
        Map<String, PropertyChange> changes = task.getPropertyChanges();
        PropertyChange assignee = changes.get(TaskEntity.ASSIGNEE);
        PropertyChange owner = changes.get(TaskEntity.OWNER);
        Set<String> alreadyOnIt = new HashSet<>();
        alreadyOnIt.add(assignee == null ? task.getAssignee() : assignee.getOrgValueString());
        alreadyOnIt.add(owner == null ? task.getOwner() : owner.getOrgValueString());
        for (PropertyChange change : new PropertyChange[] {assignee, owner}) {
            if (change != null && change.getNewValueString() != null
                    && !alreadyOnIt.contains(change.getNewValueString())) {
                refuseUnlessAllowed(change.getPropertyName(), change.getNewValueString(), departments);
            }
        }
        // a candidate user may complete the task unclaimed: one added now must be allowed as well
        DbEntityCache added = Context.getCommandContext().getDbEntityManager().getDbEntityCache();
        for (IdentityLinkEntity link : task.getIdentityLinks()) {
            if (link.getUserId() != null && IdentityLinkType.CANDIDATE.equals(link.getType())
                    && added.isTransient(link)) {
                refuseUnlessAllowed(IdentityLinkType.CANDIDATE, link.getUserId(), departments);
            }
            // a candidate group gives its members read and update on the task, completing included, unclaimed:
            // one that is no department (hostflow-staff, hostflow-clients) gave the task to every member of it
            if (link.getGroupId() != null && IdentityLinkType.CANDIDATE.equals(link.getType())
                    && added.isTransient(link) && !isDepartment(link.getGroupId())) {
                throw new DepartmentTaskHolderRefused(GROUP, link.getGroupId(), "'" + link.getGroupId()
                        + "' is no department; a task goes to departments (groups of type "
                        + Roles.DEPARTMENT_GROUP_TYPE + ") only");
            }
        }
    }

    /**
     * A process task's name and description are its process's words (what the department is to do; the overdue
     * mail names it): a staff member rewrites neither ({@code PUT /task/{id}} let any member rename a process's task
     * or empty its description, and the department's list showed only that); an admin may. Its due and follow-up
     * dates and its priority stay the department's to plan with. No process task is linked to a case
     * ({@code caseInstanceId}), by anyone: HostFlow runs no cases. Only a logged-in caller's wording is checked.
     */
    private static void checkProcessTaskWording(TaskEntity task) {
        PropertyChange caseInstance = task.getPropertyChanges().get(TaskEntity.CASE_INSTANCE_ID);
        if (caseInstance != null) {
            throw new DepartmentTaskHolderRefused(CASE_INSTANCE, caseInstance.getNewValueString(), "a task of a"
                    + " process belongs to its process instance, no case instance");
        }
        Authentication caller = Context.getCommandContext().getAuthentication();
        if (caller == null || caller.getUserId() == null
                || caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMIN_GROUP)) {
            return;
        }
        for (String property : new String[] {TaskEntity.NAME, TaskEntity.DESCRIPTION}) {
            PropertyChange change = task.getPropertyChanges().get(property);
            if (change != null) {
                throw new DepartmentTaskHolderRefused(property, change.getNewValueString(), "the " + property
                        + " of a process's task is its process's (\"" + change.getOrgValueString() + "\"); staff"
                        + " change its due and follow-up dates and its priority, an admin its wording");
            }
        }
    }

    /**
     * A claimed task is completed by the one who claimed it, or an admin (found by a probe: a colleague completed,
     * with Abort, a task another member had claimed and was working on; Tasklist shows the form to the assignee
     * only, the engine REST let any member complete it). Others unclaim it first. Only a logged-in caller is
     * checked (the engine REST and the webapps log the caller in); HostFlow's own Java completes nothing.
     */
    static void checkCompletion(DelegateTask task) {
        String assignee = task.getAssignee();
        Authentication caller = Context.getCommandContext().getAuthentication();
        if (assignee == null || caller == null || caller.getUserId() == null || assignee.equals(caller.getUserId())
                || caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMIN_GROUP)) {
            return;
        }
        throw new TaskAlreadyClaimedException(task.getId(), assignee);
    }

    private static boolean isDepartment(String groupId) {
        CommandContext command = Context.getCommandContext();
        return command.runWithoutAuthorization(() -> {
            Group group = command.getReadOnlyIdentityProvider().findGroupById(groupId);
            return group != null && Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType());
        });
    }

    private static void refuseUnlessAllowed(String property, String userId, Set<String> departments) {
        String refusal = refusal(userId, departments);
        if (refusal != null) {
            throw new DepartmentTaskHolderRefused(property, userId, refusal);
        }
    }

    /** Why {@code userId} may not hold a task of {@code departments}, or null when it may. */
    private static String refusal(String userId, Set<String> departments) {
        CommandContext command = Context.getCommandContext();
        // the caller may not read users and groups (staff on /engine-rest): the rule reads them on its own behalf
        return command.runWithoutAuthorization(() -> {
            ReadOnlyIdentityProvider identity = command.getReadOnlyIdentityProvider();
            String departmentList = String.join(", ", departments);
            if (identity.findUserById(userId) == null) {
                return "there is no user '" + userId + "'; a task of " + departmentList
                        + " goes to a staff member of it or an admin";
            }
            List<Group> groups = identity.createGroupQuery(command).groupMember(userId).list();
            Set<String> memberOf = new HashSet<>();
            boolean inTheDepartment = false;
            for (Group group : groups) {
                memberOf.add(group.getId());
                // a candidate group that is no department (hostflow-staff, added by hand) makes no one a member
                inTheDepartment |= departments.contains(group.getId())
                        && Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType());
            }
            if (memberOf.contains(Roles.ADMIN_GROUP) || memberOf.contains(Roles.STAFF_GROUP) && inTheDepartment) {
                return null;
            }
            return "'" + userId + "' is not a staff member of " + departmentList
                    + " nor an admin, so may not work on its task";
        });
    }
}
