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

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Remembers a successful login for a few seconds, so an API client calling many times a second does not cost a
 * password check and a group query against the engine's identity tables each time. Only successes are remembered, under
 * a digest of the password with a random per-process key (never the password itself); a password change or deletion
 * through HostFlow forgets the user at once on this node, and other nodes (or a change in Camunda Admin) within
 * {@code hostflow.security.login-cache}.
 */
@Component
public class LoginCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final byte[] key = new byte[32];
    private final Duration ttl;

    LoginCache(@Value("${hostflow.security.login-cache:PT10S}") Duration ttl) {
        this.ttl = ttl;
        new SecureRandom().nextBytes(key);
    }

    Optional<List<GrantedAuthority>> authorities(String username, String password) {
        Entry entry = entries.get(entryKey(username, password));
        Instant now = Instant.now();
        if (entry == null || entry.until().isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.authorities());
    }

    void remember(String username, String password, List<GrantedAuthority> authorities) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(entryKey(username, password), new Entry(username, List.copyOf(authorities), Instant.now().plus(ttl)));
    }

    /** The user's password, groups or existence changed: the next login is checked against the engine again. */
    public void forget(String username) {
        entries.values().removeIf(entry -> entry.username().equals(username));
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
