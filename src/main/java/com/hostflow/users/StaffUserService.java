package com.hostflow.users;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.mail.MailAddresses;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.MemberOrGroupGoneException;
import com.hostflow.security.LastAdministratorException;
import com.hostflow.security.Roles;
import com.hostflow.security.UserNameLock;

/**
 * Staff and admin accounts, kept in the engine's identity store only: the API, Cockpit and Tasklist check the same
 * salted password hash, and department membership is Camunda group membership, which decides whose tasks a user
 * sees in Tasklist. Runs in the Spring transaction, so a failed membership leaves no half-made user. The API's login
 * cache forgets a changed or deleted user when the transaction commits (the engine's identity store tells it).
 */
@Service
public class StaffUserService {

    static final String AUDIT_ENTITY = "user";

    /** A password set by an admin, as one's own change of it ({@code OwnPassword}): who, whose, when; no states. */
    static final String PASSWORD_AUDIT_ENTITY = "password";

    private final IdentityService identityService;
    private final AuditLog auditLog;
    private final UserNameLock userNames;

    StaffUserService(IdentityService identityService, AuditLog auditLog, UserNameLock userNames) {
        this.identityService = identityService;
        this.auditLog = auditLog;
        this.userNames = userNames;
    }

    @Transactional(readOnly = true)
    public List<StaffUser> list() {
        Set<String> usernames = new TreeSet<>();
        for (StaffRole role : StaffRole.values()) {
            identityService.createUserQuery().memberOfGroup(role.groupId()).list()
                    .forEach(u -> usernames.add(u.getId()));
        }
        return usernames.stream().map(this::get).toList();
    }

    @Transactional(readOnly = true)
    public StaffUser get(String username) {
        User user = findStaff(username);
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        Set<String> departments = new TreeSet<>();
        for (Group group : identityService.createGroupQuery().groupMember(username).list()) {
            for (StaffRole role : StaffRole.values()) {
                if (role.groupId().equals(group.getId())) {
                    roles.add(role);
                }
            }
            if (Roles.DEPARTMENT_GROUP_TYPE.equals(group.getType())) {
                departments.add(group.getId());
            }
        }
        return new StaffUser(user.getId(), user.getFirstName(), user.getLastName(), user.getEmail(), roles,
                departments, versionOf(user, roles, departments));
    }

    /**
     * The entry's version: a digest of what it shows, so a change of any of it (a membership too, which the user's
     * revision does not count) makes another {@code ETag}. A password change shows nothing and changes none: a failed
     * login, which writes the user's row, must not fail an admin's save either.
     */
    private static long versionOf(User user, Set<StaffRole> roles, Set<String> departments) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object part : List.of(String.valueOf(user.getFirstName()), String.valueOf(user.getLastName()),
                    String.valueOf(user.getEmail()), new TreeSet<>(roles), departments)) {
                digest.update(part.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return ByteBuffer.wrap(digest.digest()).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public StaffUser create(StaffUser account, String password) {
        validate(account);
        // two creates of one name wait for each other here (a client login too), so the second sees the first's user
        // and answers 409 (without it both pass the check and the second fails on the engine's unique keys)
        userNames.lock(account.username());
        // regardless of letter case, as client logins (their e-mail): "Anna" and "anna" logged in as two users
        userNames.taken(account.username()).ifPresent(taken -> {
            throw new ConflictException("user name " + taken + " is taken"
                    + (taken.equals(account.username()) ? "" : " (user names are the same regardless of case)"));
        });
        User user = identityService.newUser(account.username());
        copyNames(account, user);
        user.setPassword(password);
        identityService.saveUser(user);
        replaceMemberships(account.username(), account);
        StaffUser created = get(account.username());
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.username(), null, created);
        return created;
    }

    /**
     * Changes names, roles and departments; the password only when one is given. Two admins' changes of one user take
     * turns, and one made from an entry read before the other's is refused ({@code ifMatch}, 412).
     */
    @Transactional
    public StaffUser update(String username, StaffUser account, String newPassword, IfMatch ifMatch) {
        userNames.lock(username);
        User user = findStaff(username);
        StaffUser before = get(username);
        ifMatch.check(before.version());
        validate(account);
        if (newPassword == null && sameContent(before, account)) {
            // a save that changes nothing writes nothing and claims no change in the audit log (as the catalog's)
            return before;
        }
        copyNames(account, user);
        if (newPassword != null) {
            user.setPassword(newPassword);
        }
        identityService.saveUser(user);
        // a demotion of the last administrator is refused by the engine's identity store; the save rolls back
        keepingAnAdministrator(() -> replaceMemberships(username, account));
        StaffUser after = get(username);
        if (!after.equals(before)) {
            auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, username, before, after);
        }
        if (newPassword != null) {
            // the view shows no password: an entry of the user with equal states would claim a change it cannot show
            auditLog.record(AuditAction.UPDATE, PASSWORD_AUDIT_ENTITY, username, null, null);
        }
        return after;
    }

    private static boolean sameContent(StaffUser stored, StaffUser wanted) {
        return Objects.equals(stored.firstName(), wanted.firstName())
                && Objects.equals(stored.lastName(), wanted.lastName())
                && Objects.equals(stored.email(), wanted.email())
                && stored.roles().equals(wanted.roles()) && stored.departments().equals(wanted.departments());
    }

    @Transactional
    public void delete(String username, IfMatch ifMatch) {
        // two deletions at once take turns: the second finds no user (404) instead of answering 204 and auditing a
        // second deletion
        userNames.lock(username);
        StaffUser existing = get(username);
        ifMatch.check(existing.version());
        keepingAnAdministrator(() -> identityService.deleteUser(username));
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, username, existing, null);
    }

    /**
     * Runs a removal or demotion; the engine's identity store refuses one that would leave no administrator
     * ({@link LastAdministratorException}, under the administrators' lock), which the API answers as a 409.
     */
    private static void keepingAnAdministrator(Runnable change) {
        try {
            change.run();
        } catch (LastAdministratorException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    private void validate(StaffUser account) {
        FieldProblems problems = new FieldProblems();
        // the address of the user's overdue-task mails: what @Email lets through (root@localhost, "eve"@…, a
        // non-ASCII domain) was taken here and then skipped or sent mangled by the outbox, unseen
        problems.addIf(account.email() != null && !account.email().isEmpty()
                && !MailAddresses.isBareAddress(account.email()), "email",
                "must be an e-mail address such as name@example.com (no name or quotes; an international domain in its"
                        + " xn-- form)");
        for (String department : account.departments()) {
            boolean exists = identityService.createGroupQuery().groupId(department)
                    .groupType(Roles.DEPARTMENT_GROUP_TYPE).count() > 0;
            problems.addIf(!exists, "departments", "unknown department " + department);
        }
        problems.addIf(account.roles().contains(StaffRole.STAFF) && account.departments().isEmpty()
                && !account.roles().contains(StaffRole.ADMIN), "departments",
                "a staff user belongs to at least one department");
        problems.throwIfAny();
    }

    private void replaceMemberships(String username, StaffUser account) {
        Set<String> wanted = new HashSet<>(account.departments());
        account.roles().forEach(role -> wanted.add(role.groupId()));
        for (Group group : identityService.createGroupQuery().groupMember(username).list()) {
            if (!wanted.remove(group.getId())) {
                identityService.deleteMembership(username, group.getId());
            }
        }
        try {
            wanted.forEach(groupId -> identityService.createMembership(username, groupId));
        } catch (MemberOrGroupGoneException e) {
            // deleted after the checks above: the same answers as if it had gone before
            if (!e.groupGone()) {
                throw new NotFoundException("user", username);
            }
            new FieldProblems().add("departments", "unknown department " + e.id()).throwIfAny();
        }
    }

    private User findStaff(String username) {
        User user = identityService.createUserQuery().userId(username).singleResult();
        boolean staff = user != null && identityService.createGroupQuery().groupMember(username)
                .groupIdIn(StaffRole.ADMIN.groupId(), StaffRole.STAFF.groupId()).count() > 0;
        if (!staff) {
            throw new NotFoundException("user", username);
        }
        return user;
    }

    private static void copyNames(StaffUser account, User user) {
        user.setFirstName(account.firstName());
        user.setLastName(account.lastName());
        user.setEmail(account.email());
    }
}
