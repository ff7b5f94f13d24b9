package com.hostflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Remembers a successful login for a few seconds, so an API client calling many times a second does not cost a
 * password check and a group query against the engine's identity tables each time. Only successes are remembered, under
 * a digest of the password with a random per-process key (never the password itself). Every change of a user that the
 * engine's identity store writes on this node (a password, a deletion, a lock after failed logins, a membership: from
 * HostFlow's API, Camunda's Admin app or the engine REST alike) forgets the user when it commits
 * ({@link IdentityStoreGuard}), and on every other node when it hears of it ({@link LoginChanges}); a login checked
 * against the store while such a change committed is not remembered ({@link #generation}). While the node does not hear
 * other nodes' changes, nothing is remembered. Nothing is asked of the database per cached call.
 */
@Component
public class LoginCache {

    private static final int MAX_ENTRIES = 10_000;
    /** Users share a counter of changes by a hash of their name: failed logins of one do not stop the others'. */
    private static final int STRIPES = 1024;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Raised by every forget: a login checked before it may have read what the change replaced. */
    private final AtomicLong everyone = new AtomicLong();
    private final AtomicLongArray users = new AtomicLongArray(STRIPES);
    /** Whether this node hears the changes other nodes make ({@link LoginChanges}). */
    private volatile boolean hearing;
    private final byte[] key = new byte[32];
    private final Duration ttl;

    LoginCache(@Value("${hostflow.security.login-cache:PT10S}") Duration ttl) {
        this.ttl = ttl;
        new SecureRandom().nextBytes(key);
    }

    Optional<List<GrantedAuthority>> authorities(String username, String password) {
        if (!hearing) {
            return Optional.empty();
        }
        Entry entry = entries.get(entryKey(username, password));
        Instant now = Instant.now();
        if (entry == null || entry.until().isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.authorities());
    }

    /**
     * To read before checking a login against the store, and to hand to {@link #remember}: the user's changes and
     * everyone's, summed (both only grow, so the sum changes when either does).
     */
    long generation(String username) {
        return everyone.get() + users.get(stripe(username));
    }

    private static int stripe(String username) {
        return Math.floorMod(username.hashCode(), STRIPES);
    }

    /**
     * Remembers a login checked against the store, unless a change of the store committed since {@code checkedAt}
     * (the check may have read the old password or groups). Put first, then looked at again: a forget between the
     * two either sees the entry or raised the generation before this second look.
     */
    void remember(String username, String password, List<GrantedAuthority> authorities, long checkedAt) {
        if (ttl.isZero() || ttl.isNegative() || !hearing || generation(username) != checkedAt) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        String key = entryKey(username, password);
        Entry entry = new Entry(username, List.copyOf(authorities), Instant.now().plus(ttl));
        entries.put(key, entry);
        if (generation(username) != checkedAt) {
            entries.remove(key, entry);
        }
    }

    /** The user's password, groups, lock or existence changed: the next login is checked against the engine again. */
    public void forget(String username) {
        users.incrementAndGet(stripe(username));
        entries.values().removeIf(entry -> entry.username().equals(username));
    }

    boolean hearing() {
        return hearing;
    }

    /** Starts or ends trusting what is remembered: either way, nothing remembered before is. */
    void hearing(boolean hearing) {
        forgetEveryone();
        this.hearing = hearing;
        forgetEveryone();
    }

    /** A change that may touch many users' rights (a group changed or deleted). */
    void forgetEveryone() {
        everyone.incrementAndGet();
        entries.clear();
    }

    private String entryKey(String username, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(key);
            digest.update(username.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(String username, List<GrantedAuthority> authorities, Instant until) {
    }
}
