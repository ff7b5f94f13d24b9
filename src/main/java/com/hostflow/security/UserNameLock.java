package com.hostflow.security;

import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One user name is created at a time: a PostgreSQL advisory lock on the name, held to the end of the caller's
 * transaction. Staff users ({@code POST /users}) and client logins ({@code POST /clients} with a password, or a
 * {@code PUT} that gives a client its first login) share the engine's user table and this lock, so of two creates of
 * one name at once the second waits, then sees the first's user and answers 409. Without it both passed the check
 * and the second failed on the engine's unique keys with a 500 ("The user already exists", or a duplicate key of
 * {@code act_uniq_auth_user}). Call it inside the transaction that creates the user, before looking the name up.
 * A name is one regardless of letter case ({@link #taken}): "Anna" and "anna" were two staff users who logged in
 * apart, so the lock is on the name in lower case too.
 */
@Component
public class UserNameLock {

    /** The lock, taken on {@link #key}; also by the engine's identity store on its command's connection. */
    static final String LOCK = "select pg_advisory_xact_lock(hashtext(?))";
    /** The stored name that is the given one but for letter case; also asked by the engine's identity store. */
    static final String TAKEN = "select id_ from act_id_user where lower(id_) = lower(?) order by id_ limit 1";

    private final JdbcTemplate jdbc;

    UserNameLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void lock(String userId) {
        jdbc.queryForList(LOCK, key(userId));
    }

    /** The lock's text: the name in lower case, so names that differ only in case wait for each other. */
    static String key(String userId) {
        return "hostflow.user:" + userId.toLowerCase(Locale.ROOT);
    }

    /** The stored user name that is {@code userId} but for letter case, if any (a staff user or a client login). */
    public Optional<String> taken(String userId) {
        return jdbc.queryForList(TAKEN, String.class, userId).stream().findFirst();
    }
}
