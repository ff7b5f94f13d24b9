package com.hostflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Makes sure the role groups exist and carry the Camunda authorizations HostFlow relies on, in every profile:
 * staff may open Tasklist and see the task filters, and see tasks only through the candidate-group authorizations
 * the engine grants per task (so a department sees its own tasks only). Cockpit and Admin stay with
 * {@code camunda-admin}. Clients get nothing in the webapps.
 */
@Component
class IdentitySetup implements InitializingBean {

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;

    IdentitySetup(IdentityService identityService, AuthorizationService authorizationService) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
    }

    @Override
    public void afterPropertiesSet() {
        ensureGroup(Roles.ADMIN_GROUP, "HostFlow administrators");
        ensureGroup(Roles.STAFF_GROUP, "HostFlow staff");
        ensureGroup(Roles.CLIENT_GROUP, "HostFlow clients");
        grant(Roles.STAFF_GROUP, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(Roles.STAFF_GROUP, Resources.FILTER, ANY, Permissions.READ);
        grant(Roles.STAFF_GROUP, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType(Roles.SYSTEM_GROUP_TYPE);
            identityService.saveGroup(group);
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission permission) {
        boolean granted = authorizationService.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId)
                .hasPermission(permission).count() > 0;
        if (!granted) {
            Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(groupId);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
            authorization.addPermission(permission);
            authorizationService.saveAuthorization(authorization);
        }
    }
}
