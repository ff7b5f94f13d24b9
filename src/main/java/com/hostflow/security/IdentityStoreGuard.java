package com.hostflow.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import com.hostflow.common.mail.MailAddresses;

/**
 * The engine's identity store with two guards, whoever writes through it (HostFlow's API, Camunda's Admin app, the
 * engine REST).
 *
 * <p>The last administrator stays, whoever removes it: {@code /api/v1/users}, Camunda's Admin app and the engine REST
 * ({@code DELETE /engine-rest/user/demo}, a membership of {@code camunda-admin} removed, the group deleted) all go
 * through the engine's identity store, which now refuses such a removal ({@link LastAdministratorException}: 400 at
 * the engine REST, 409 at the API). Each removal of an administrator first takes a PostgreSQL advisory lock held to
 * the end of its transaction, so two removals at once count one after the other (both used to see the other and
 * leave none).
 *
 * <p>A deletion of a group or a user and a membership of it added at the same moment meet on its row: the deletion
 * takes it {@code for update} before it removes the memberships, a new membership {@code for share} before it is
 * written. A department deleted while a staff user was created into it used to fail on the memberships' foreign key
 * (a 500): now the deletion waits for the user and takes its membership along, or the user waits for the deletion and
 * is refused ({@link MemberOrGroupGoneException}, "unknown department"); likewise a user deleted while an admin adds
 * it to a department.
 *
 * <p>A group stays while something needs it ({@link GroupInUseException}): a role's group, a department's group while
 * the department is in HostFlow's catalog (it is deleted through the catalog, and keeps its type), and a department's
 * group while staff belong to it (a staff user needs a department; the deletion, holding the group's row, counts
 * them after any joining user has committed).
 *
 * <p>A user name is one regardless of letter case, also for users created in Camunda's Admin app or through the
 * engine REST ({@link UserNameTakenException}, 400 there): a new user takes the name's lock ({@link UserNameLock}'s,
 * which HostFlow's API holds already) and looks for the name in any case.
 *
 * <p>A deleted user's tasks go back to their departments and its authorizations go with it
 * ({@link DeletedUserLeftovers}): the engine kept both by name for the next user of the name.
 *
 * <p>The API's {@link LoginCache} forgets a user when a change of its password, lock (failed logins), memberships or
 * existence commits, whoever made it: Camunda's Admin app and the engine REST never told the cache, which took an old
 * password for up to 10 s after a change there.
 */
@Component
class IdentityStoreGuard extends AbstractProcessEnginePlugin {

    private static final String ADMINISTRATORS_LOCK = "hostflow.administrators";

    private final LoginCache recentLogins;

    IdentityStoreGuard(LoginCache recentLogins) {
        this.recentLogins = recentLogins;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setIdentityProviderSessionFactory(new SessionFactory() {
            @Override
            public Class<?> getSessionType() {
                return org.camunda.bpm.engine.impl.identity.WritableIdentityProvider.class;
            }

            @Override
            public Session openSession() {
                return new GuardedIdentityProvider(recentLogins);
            }
        });
    }

    /** The engine's database identity store, with the check before each removal of an administrator. */
    static class GuardedIdentityProvider extends DbIdentityServiceProvider {

        /** the failure in a row from which a login is held back (two typing mistakes are not an attack) */
        static final int FREE_FAILURES = 3;

        private final LoginCache recentLogins;

        GuardedIdentityProvider(LoginCache recentLogins) {
            this.recentLogins = recentLogins;
        }

        /**
         * When the command's transaction commits: before, a login checked at that moment would still read the old
         * row and be remembered again (the cache then skips it, as its check began before this forget). Other nodes
         * hear it from PostgreSQL when it commits ({@link LoginChanges}).
         */
        private void forgetAtCommit(String userId) {
            announce(userId);
            Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                    committed -> recentLogins.forget(userId));
        }

        private void forgetEveryoneAtCommit() {
            announce(LoginChanges.EVERYONE);
            Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                    committed -> recentLogins.forgetEveryone());
        }

        private static void announce(String userId) {
            try {
                LoginChanges.announce(
                        Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection(), userId);
            } catch (SQLException e) {
                throw new ProcessEngineException("cannot announce the change of the login " + userId, e);
            }
        }

        @Override
        public IdentityOperationResult deleteUser(String userId) {
            if (isAdministrator(userId)) {
                requireAnotherAdministrator(userId);
            }
            lockRow("act_id_user", userId, "for update");
            forgetAtCommit(userId);
            IdentityOperationResult deleted = super.deleteUser(userId);
            if (IdentityOperationResult.OPERATION_DELETE.equals(deleted.getOperation())) {
                DeletedUserLeftovers.release(userId);
            }
            return deleted;
        }

        /**
         * A failed login is counted; from the {@value #FREE_FAILURES}th in a row on it also holds the user's logins
         * back, the right password too: the engine's delay (3 s, doubling up to 60 s) counted from that failure, so a
         * mistyped password tried again at once is not refused as the engine's own rule, which holds the login back
         * from the first failure, did. The engine then refuses a held-back user; a right password after the delay
         * starts the count again. Never for good ({@code login-max-attempts} is unbounded).
         */
        @Override
        protected void lockUser(UserEntity user) {
            ProcessEngineConfigurationImpl engine = Context.getProcessEngineConfiguration();
            int failures = user.getAttempts() + 1;
            Date heldUntil = null;
            if (failures >= FREE_FAILURES) {
                double delay = engine.getLoginDelayBase() * Math.pow(engine.getLoginDelayFactor(),
                        failures - FREE_FAILURES);
                heldUntil = new Date(ClockUtil.getCurrentTime().getTime()
                        + (long) Math.min(delay, engine.getLoginDelayMaxTime()) * 1000);
            }
            getIdentityInfoManager().updateUserLock(user, failures, heldUntil);
            forgetAtCommit(user.getId());
        }

        @Override
        public IdentityOperationResult saveUser(User user) {
            if (user instanceof UserEntity entity && entity.getRevision() == 0) {
                String taken = takenName(user.getId());
                if (taken != null) {
                    throw new UserNameTakenException(taken);
                }
            }
            refuseNewEmailUnlessPlain(user);
            // a new password (Admin's user page, the engine REST, HostFlow's API), or any other change of the user
            forgetAtCommit(user.getId());
            return super.saveUser(user);
        }

        /**
         * A user's e-mail is one plain address, wherever the user is saved (the engine REST and Admin skipped the
         * check of {@code /api/v1/users}): a quoted local part or a non-ASCII address was taken, and the user's
         * overdue-task mails were then skipped or sent to a mangled address. Only a new or changed e-mail is checked:
         * one stored before stays savable (a password change must not fail on it). Only a logged-in caller's save is
         * checked (the engine REST and Admin log the caller in): the engine's own set-up gives the configured
         * administrator {@code <id>@localhost}.
         */
        private void refuseNewEmailUnlessPlain(User user) {
            String email = user.getEmail();
            if (email == null || email.isEmpty() || MailAddresses.isBareAddress(email)
                    || Context.getCommandContext().getAuthentication() == null) {
                return;
            }
            User stored = user instanceof UserEntity entity && entity.getRevision() == 0 ? null
                    : findUserById(user.getId());
            if (stored == null || !email.equals(stored.getEmail())) {
                throw new UserEmailRefused("must be an e-mail address such as name@example.com (no name or quotes;"
                        + " an international domain in its xn-- form)");
            }
        }

        /** The name in any letter case, if a user has it; under the name's lock, held to the end of the command. */
        private static String takenName(String userId) {
            Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
            try (PreparedStatement lock = connection.prepareStatement(UserNameLock.LOCK);
                    PreparedStatement query = connection.prepareStatement(UserNameLock.TAKEN)) {
                lock.setString(1, UserNameLock.key(userId));
                lock.executeQuery().close();
                query.setString(1, userId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            } catch (SQLException e) {
                throw new ProcessEngineException("cannot look for the user name " + userId, e);
            }
        }

        @Override
        public IdentityOperationResult deleteMembership(String userId, String groupId) {
            if (Roles.ADMIN_GROUP.equals(groupId) && isAdministrator(userId)) {
                requireAnotherAdministrator(userId);
            }
            forgetAtCommit(userId);
            return super.deleteMembership(userId, groupId);
        }

        @Override
        public IdentityOperationResult deleteGroup(String groupId) {
            if (Roles.ADMIN_GROUP.equals(groupId)) {
                throw new LastAdministratorException("the group " + groupId + " holds the administrators: ");
            }
            if (Roles.roleOfGroup(groupId) != null) {
                throw new GroupInUseException("the group " + groupId + " grants the role " + Roles.roleOfGroup(groupId)
                        + " and cannot be deleted");
            }
            if (!lockRow("act_id_group", groupId, "for update")) {
                // no group to delete. One committed after this look (a department created at this moment, with its
                // row) is not this deletion's: the engine's own look would find it, and delete it from the department
                return new IdentityOperationResult(null, IdentityOperationResult.OPERATION_NONE);
            }
            if (backsADepartment(groupId)) {
                throw new GroupInUseException("the group " + groupId + " is the group of a HostFlow department:"
                        + " delete the department (DELETE /api/v1/departments/{id})");
            }
            if (isDepartment(groupId)) {
                List<String> staff = createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list().stream()
                        .map(User::getId).toList();
                if (!staff.isEmpty()) {
                    throw new GroupInUseException("department " + groupId + " still has staff (" + String.join(", ",
                            staff) + "): move them to another department first");
                }
            }
            return super.deleteGroup(groupId);
        }

        /**
         * A department's group keeps its type: as any other type it was no department any more, so its staff could
         * no longer hold its tasks, and the catalog's deletion of the department no longer counted them.
         */
        @Override
        public IdentityOperationResult saveGroup(Group group) {
            if (!Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType()) && backsADepartment(group.getId())) {
                throw new GroupInUseException("the group " + group.getId() + " is the group of a HostFlow department:"
                        + " its type stays " + Roles.DEPARTMENT_GROUP_TYPE);
            }
            if (group instanceof GroupEntity existing && existing.getRevision() > 0) {
                // a type changed to or from department changes its members' rights
                forgetEveryoneAtCommit();
            }
            return super.saveGroup(group);
        }

        @Override
        public IdentityOperationResult createMembership(String userId, String groupId) {
            if (!lockRow("act_id_user", userId, "for share")) {
                throw new MemberOrGroupGoneException(false, userId);
            }
            if (!lockRow("act_id_group", groupId, "for share")) {
                throw new MemberOrGroupGoneException(true, groupId);
            }
            forgetAtCommit(userId);
            return super.createMembership(userId, groupId);
        }

        private boolean isDepartment(String groupId) {
            return createGroupQuery().groupId(groupId).groupType(Roles.DEPARTMENT_GROUP_TYPE).count() > 0;
        }

        /**
         * Whether a department of HostFlow's catalog names the group. The catalog deletes its row first, in the same
         * transaction, so only a deletion from elsewhere (Camunda's Admin app, the engine REST) finds it.
         */
        private static boolean backsADepartment(String groupId) {
            Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from hostflow.department where department_key = ?")) {
                query.setString(1, groupId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            } catch (SQLException e) {
                throw new ProcessEngineException("cannot look for a department " + groupId, e);
            }
        }

        /** Whether the user's or group's row is there; locked to the end of the transaction when it is. */
        private static boolean lockRow(String table, String id, String mode) {
            Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
            try (PreparedStatement lock = connection.prepareStatement("select 1 from " + table + " where id_ = ? "
                    + mode)) {
                lock.setString(1, id);
                try (ResultSet row = lock.executeQuery()) {
                    return row.next();
                }
            } catch (SQLException e) {
                throw new ProcessEngineException("cannot lock " + id + " in " + table, e);
            }
        }

        private boolean isAdministrator(String userId) {
            return createUserQuery().userId(userId).memberOfGroup(Roles.ADMIN_GROUP).count() > 0;
        }

        private void requireAnotherAdministrator(String userId) {
            lockAdministrators(Context.getCommandContext());
            boolean another = createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list().stream()
                    .anyMatch(user -> !user.getId().equals(userId));
            if (!another) {
                throw new LastAdministratorException("");
            }
        }

        /** On the command's own connection (the one a Spring caller's transaction shares). */
        private static void lockAdministrators(CommandContext command) {
            Connection connection = command.getDbSqlSession().getSqlSession().getConnection();
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, ADMINISTRATORS_LOCK);
                lock.executeQuery().close();
            } catch (SQLException e) {
                throw new ProcessEngineException("cannot take the administrators' lock", e);
            }
        }
    }
}
