package com.hostflow.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Which password a page session was opened with: a keyed digest of the user's stored salt and hash (with a random key
 * of this process, so the session holds nothing that could be tried offline; never the hash itself), kept in the
 * session at login and compared on every request ({@link ConsoleSecurityConfiguration}). A password changed anywhere
 * (an admin through the API, Camunda's Admin app or the engine REST, or the user elsewhere) changes the stamp, and
 * every session opened with the old password ends; the session the user changed their own password in takes the new
 * stamp ({@link #keepSession}) and goes on.
 */
@Component
public class PasswordStamps {

    static final String SESSION_ATTRIBUTE = PasswordStamps.class.getName() + ".stamp";

    private final IdentityService identityService;
    private final byte[] key = new byte[32];

    PasswordStamps(IdentityService identityService) {
        this.identityService = identityService;
        new SecureRandom().nextBytes(key);
    }

    /** The stamp of the user's password now; empty when there is no such user. */
    Optional<String> current(String username) {
        if (username == null || username.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(identityService.createUserQuery().userId(username).singleResult()).map(this::of);
    }

    String of(User user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getId().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            String salt = user instanceof UserEntity stored ? stored.getSalt() : null;
            mac.update(Objects.toString(salt, "").getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(Objects.toString(user.getPassword(), "").getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the session was opened with the password the user has now (its stamp compared in constant time). */
    static boolean matches(HttpSession session, String current) {
        return same(session == null ? null : session.getAttribute(SESSION_ATTRIBUTE), current);
    }

    /** Whether a stamp held (a session's attribute) is the current one, compared in constant time. */
    static boolean same(Object held, String current) {
        return held instanceof String stamp && current != null && MessageDigest.isEqual(
                stamp.getBytes(StandardCharsets.US_ASCII), current.getBytes(StandardCharsets.US_ASCII));
    }

    static void hold(HttpSession session, String stamp) {
        session.setAttribute(SESSION_ATTRIBUTE, stamp);
    }

    /**
     * The logged-in user changed their own password in this request's session: the session takes the new password's
     * stamp and stays (every other session of the user ends at its next request).
     */
    public void keepSession(HttpServletRequest request) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session == null || who == null || who instanceof AnonymousAuthenticationToken) {
            return;
        }
        current(who.getName()).ifPresent(stamp -> hold(session, stamp));
    }
}
