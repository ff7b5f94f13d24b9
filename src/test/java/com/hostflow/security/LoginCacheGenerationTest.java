package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What the login cache remembers of a login checked against the store while changes commit: nothing for a user
 * changed meanwhile (the check may have read the old password), and the login all the same when only another user
 * changed (a stream of failed logins of one user, each of which locks it, kept every other login from being
 * remembered).
 */
class LoginCacheGenerationTest {

    private static final List<GrantedAuthority> ADMIN = List.of(new SimpleGrantedAuthority("ROLE_ADMIN"));

    LoginCache cache = new LoginCache(Duration.ofSeconds(10));

    @BeforeEach
    void hearingOtherNodes() {
        cache.hearing(true);
    }

    @Test
    void aLoginCheckedWhileItsUserChangedIsNotRemembered() {
        long checkedAt = cache.generation("anna");
        cache.forget("anna");
        cache.remember("anna", "old-password", ADMIN, checkedAt);

        assertThat(cache.authorities("anna", "old-password")).isEmpty();
    }

    @Test
    void aLoginCheckedWhileAnotherUserChangedIsRemembered() {
        long checkedAt = cache.generation("anna");
        cache.forget("bert");
        cache.remember("anna", "password", ADMIN, checkedAt);

        assertThat(cache.authorities("anna", "password")).contains(ADMIN);
    }

    @Test
    void nothingIsRememberedWhileTheNodeDoesNotHearTheOthers() {
        cache.remember("anna", "password", ADMIN, cache.generation("anna"));
        cache.hearing(false);

        assertThat(cache.authorities("anna", "password")).as("forgotten").isEmpty();
        cache.remember("anna", "password", ADMIN, cache.generation("anna"));
        assertThat(cache.authorities("anna", "password")).as("not remembered").isEmpty();
    }
}
