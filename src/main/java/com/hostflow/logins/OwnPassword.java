package com.hostflow.logins;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.TooManyAttemptsException;

/**
 * A logged-in user (client, staff or admin) changes the password of their own login, which is the engine's user
 * record: the same password then works for the API, the pages, Cockpit and Tasklist. The current password is asked
 * again, so a session left open or a stolen cookie cannot take the account over.
 */
@Service
public class OwnPassword {

    static final String AUDIT_ENTITY = "password";
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    /** Wrong current passwords a login may give in {@link #GUESS_WINDOW} before it has to wait. */
    static final int MAX_WRONG_GUESSES = 5;
    static final Duration GUESS_WINDOW = Duration.ofMinutes(15);

    private static final String AGAIN = "newPasswordAgain";
    private static final String DIFFERENT = "does not match the new password";

    private final IdentityService identity;
    // per node: a session taken over must not turn this form into a way to guess the password without the lock a
    // wrong login gets (the check here is no login, so the engine's lock does not apply)
    private final Map<String, Guesses> wrongGuesses = new ConcurrentHashMap<>();
    private final ProcessEngine engine;
    private final AuditLog auditLog;

    OwnPassword(IdentityService identity, ProcessEngine engine, AuditLog auditLog) {
        this.identity = identity;
        this.engine = engine;
        this.auditLog = auditLog;
    }

    /**
     * @throws InvalidInputException naming {@code currentPassword} when it is not the login's password, or
     *         {@code newPassword} when it is too short, too long or the same as the current one
     * @throws TooManyAttemptsException after {@link #MAX_WRONG_GUESSES} wrong current passwords in
     *         {@link #GUESS_WINDOW}, until the window ends
     */
    @Transactional
    public void change(String username, String currentPassword, String newPassword) {
        change(username, currentPassword, newPassword, newPassword);
    }

    /**
     * As {@link #change(String, String, String)}, for a form that has the new password typed twice: a second typing
     * that differs is a problem of {@code newPasswordAgain}, shown with the others (the page checked it first and
     * named a wrong current password only in the next round).
     */
    @Transactional
    public void change(String username, String currentPassword, String newPassword, String newPasswordAgain) {
        boolean typedAlike = Objects.equals(newPassword, newPasswordAgain);
        boolean currentGiven = currentPassword != null && !currentPassword.isEmpty();
        boolean newFits = newPassword != null && newPassword.length() >= MIN_LENGTH
                && newPassword.length() <= MAX_LENGTH;
        Instant now = Instant.now();
        Guesses guesses = wrongGuesses.get(username);
        if (currentGiven && guesses != null && guesses.blocks(now)) {
            throw new TooManyAttemptsException("too many wrong current passwords; try again later",
                    Duration.between(now, guesses.since().plus(GUESS_WINDOW)));
        }
        UserEntity user = login(username);
        // checked whatever the new password is (a too short one hid a wrong current one until the next round), so
        // counted and limited above on every try; compared with the stored hash, not through the engine's
        // checkPassword: a mistyped current password is not a failed login, and must not hold back the caller's login
        boolean currentMatches = currentGiven && matches(currentPassword, user);
        if (currentMatches) {
            wrongGuesses.remove(username);
        } else if (currentGiven) {
            if (wrongGuesses.size() > 10_000) {
                wrongGuesses.clear();
            }
            wrongGuesses.merge(username, new Guesses(now, 1), (earlier, first) -> earlier.plusOne(now));
        }
        new FieldProblems()
                .addIf(!currentGiven, "currentPassword", "must not be empty")
                .addIf(currentGiven && !currentMatches, "currentPassword", "is not your current password")
                .addIf(!newFits, "newPassword", "from " + MIN_LENGTH + " to " + MAX_LENGTH + " characters")
                .addIf(newFits && matches(newPassword, user), "newPassword", "must differ from the current password")
                .addIf(!typedAlike, AGAIN, DIFFERENT)
                .throwIfAny();
        user.setPassword(newPassword);
        // the update checks the row's revision: of two changes at once, the second is refused (409), never lost;
        // the API's login cache forgets the old password when it commits (IdentityStoreGuard)
        identity.saveUser(user);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, username, null, null);
    }

    /** Wrong guesses since the first one of the window. */
    private record Guesses(Instant since, int count) {

        boolean blocks(Instant now) {
            return count >= MAX_WRONG_GUESSES && now.isBefore(since.plus(GUESS_WINDOW));
        }

        Guesses plusOne(Instant now) {
            return now.isBefore(since.plus(GUESS_WINDOW)) ? new Guesses(since, count + 1) : new Guesses(now, 1);
        }
    }

    /** Whether this is the login's password; unlike the engine's own check, a wrong one is not a failed login. */
    boolean isPasswordOf(String username, String password) {
        return matches(password, login(username));
    }

    private UserEntity login(String username) {
        if (identity.createUserQuery().userId(username).singleResult() instanceof UserEntity user) {
            return user;
        }
        throw new NotFoundException("login", username);
    }

    private boolean matches(String password, UserEntity user) {
        var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        return configuration.getPasswordManager().check(EncryptionUtil.saltPassword(password, user.getSalt()),
                user.getPassword());
    }
}
