package com.hostflow.security;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.AuthorizationQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

/**
 * What the engine keeps of a user it deletes, by name, and gives to the next user of that name: the tasks it had
 * claimed, owned or was a candidate of, and the authorizations granted to it (a claim grants the assignee read and
 * update on its task). Found by a probe: a staff member deleted while holding a department task left it claimed by
 * no one who could log in (colleagues' claims answered 409, its overdue mail went to nobody), and a new user given
 * the same name in another department could read and complete it. Run by the identity store inside the deletion's
 * command, so the task goes back to its department when the deletion commits, or not at all.
 */
final class DeletedUserLeftovers {

    private DeletedUserLeftovers() {
    }

    static void release(String userId) {
        CommandContext command = Context.getCommandContext();
        command.runWithoutAuthorization(() -> {
            for (Task held : command.getTaskManager().findTasksByQueryCriteria(
                    new TaskQueryImpl().taskInvolvedUser(userId))) {
                TaskEntity task = (TaskEntity) held;
                if (userId.equals(task.getAssignee())) {
                    task.setAssignee(null);
                }
                if (userId.equals(task.getOwner())) {
                    task.setOwner(null);
                }
                task.deleteUserIdentityLink(userId, IdentityLinkType.CANDIDATE);
                task.triggerUpdateEvent();
            }
            AuthorizationQueryImpl granted = new AuthorizationQueryImpl();
            granted.userIdIn(userId);
            for (Authorization authorization : command.getAuthorizationManager()
                    .selectAuthorizationByQueryCriteria(granted)) {
                command.getAuthorizationManager().delete((AuthorizationEntity) authorization);
            }
            return null;
        });
    }
}
