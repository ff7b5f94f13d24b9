package com.hostflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.function.BooleanSupplier;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes sure the role groups exist and carry the Camunda authorizations HostFlow relies on, in every profile:
 * staff may open Tasklist and read the shared "All tasks" filter, and see tasks only through the candidate-group
 * authorizations the engine grants per task (so a department sees its own tasks only). Each department's own filters
 * are readable by that department's group alone ({@code DepartmentTaskFilters}), so the read grant on every filter
 * that staff once had is taken back. Cockpit and Admin stay with {@code camunda-admin}. Clients get nothing in the
 * webapps.
 */
@Component
class IdentitySetup implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final FilterService filterService;
    private final String allTasksFilter;

    IdentitySetup(IdentityService identityService, AuthorizationService authorizationService,
            FilterService filterService, @Value("${camunda.bpm.filter.create:}") String allTasksFilter) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filterService = filterService;
        this.allTasksFilter = allTasksFilter;
    }

    @Override
    public void afterPropertiesSet() {
        ensureGroup(Roles.ADMIN_GROUP, "HostFlow administrators");
        ensureGroup(Roles.STAFF_GROUP, "HostFlow staff");
        ensureGroup(Roles.CLIENT_GROUP, "HostFlow clients");
        grant(Roles.STAFF_GROUP, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        revoke(Roles.STAFF_GROUP, Resources.FILTER, ANY);
        if (!allTasksFilter.isBlank()) {
            filterService.createFilterQuery().filterName(allTasksFilter).list()
                    .forEach(filter -> grant(Roles.STAFF_GROUP, Resources.FILTER, filter.getId(), Permissions.READ));
        }
        grant(Roles.STAFF_GROUP, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
    }

    private void revoke(String groupId, Resource resource, String resourceId) {
        authorizationService.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(resourceId).authorizationType(AUTH_TYPE_GRANT).list()
                .forEach(authorization -> authorizationService.deleteAuthorization(authorization.getId()));
    }

    private void ensureGroup(String id, String name) {
        ensure(() -> identityService.createGroupQuery().groupId(id).count() > 0, () -> {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType(Roles.SYSTEM_GROUP_TYPE);
            identityService.saveGroup(group);
        });
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission permission) {
        ensure(() -> authorizationService.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId)
                .hasPermission(permission).count() > 0, () -> {
                    Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
                    authorization.setGroupId(groupId);
                    authorization.setResource(resource);
                    authorization.setResourceId(resourceId);
                    authorization.addPermission(permission);
                    authorizationService.saveAuthorization(authorization);
                });
    }

    /**
     * Creates what does not exist yet. Two nodes starting at once on a new database both find it missing and both
     * create it; the second insert breaks a unique key, and that is fine when the other node's row is there now.
     */
    private static void ensure(BooleanSupplier exists, Runnable create) {
        if (exists.getAsBoolean()) {
            return;
        }
        try {
            create.run();
        } catch (ProcessEngineException e) {
            if (!exists.getAsBoolean()) {
                throw e;
            }
            log.info("another node created it at the same moment: {}", e.getMessage());
        }
    }
}
