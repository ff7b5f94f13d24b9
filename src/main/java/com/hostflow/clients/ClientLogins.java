package com.hostflow.clients;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

import com.hostflow.common.web.ConflictException;
import com.hostflow.security.Roles;
import com.hostflow.security.UserNameLock;

/**
 * Client logins in the engine's identity store: user id = the client's email, member of
 * {@link Roles#CLIENT_GROUP}. The engine shares Spring's transaction, so a login is written or rolled back together
 * with its client.
 */
@Component
class ClientLogins {

    private final IdentityService identity;
    private final UserNameLock userNames;

    ClientLogins(IdentityService identity, UserNameLock userNames) {
        this.identity = identity;
        this.userNames = userNames;
    }

    /** @throws ConflictException when a user with this id already exists (a staff user, another client) */
    void create(String userId, String password, String name) {
        // a staff user or another client's login of this name created at this moment is waited for, then seen
        userNames.lock(userId);
        // a staff user "Anna@example.com" and a client login "anna@example.com" would be two users too
        userNames.taken(userId).ifPresent(taken -> {
            throw new ConflictException("a login " + taken + " already exists");
        });
        User user = identity.newUser(userId);
        user.setEmail(userId);
        user.setFirstName(name);
        user.setLastName("");
        user.setPassword(password);
        identity.saveUser(user);
        joinClientGroup(userId);
    }

    /** Makes an existing user a client login (keeps its password). */
    void adopt(String userId) {
        if (identity.createGroupQuery().groupId(Roles.CLIENT_GROUP).groupMember(userId).count() == 0) {
            joinClientGroup(userId);
        }
    }

    /** Every node's API login cache forgets the old password when this commits ({@code IdentityStoreGuard}). */
    void changePassword(String userId, String password) {
        User user = identity.createUserQuery().userId(userId).singleResult();
        user.setPassword(password);
        identity.saveUser(user);
    }

    boolean exists(String userId) {
        return identity.createUserQuery().userId(userId).count() > 0;
    }

    /** The group itself is created at start by the security setup. */
    private void joinClientGroup(String userId) {
        identity.createMembership(userId, Roles.CLIENT_GROUP);
    }
}
