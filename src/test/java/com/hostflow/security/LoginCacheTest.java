package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/**
 * The API's short login cache never outlives a change of the user made anywhere: a password changed, a user deleted
 * or removed from a group in Camunda's Admin app or through the engine REST is refused at the very next API call (it
 * was taken from the cache for up to 10 s), on this node and on the others, and a failed login, which locks the user
 * in the engine, forgets it too.
 */
@IntegrationTest
class LoginCacheTest {

    private static final String PASSWORD = "cache-password-1";
    /** Only administrators read it: a user who lost the role gets 403. */
    private static final String ADMINS_ONLY = "/api/v1/audit";

    @Autowired
    TestRestTemplate http;

    @Autowired
    IdentityService identity;

    @Autowired
    LoginCache cache;

    @Autowired
    DataSource dataSource;

    String user;

    @BeforeEach
    void anAdministratorWhoseLoginTheCacheHolds() {
        user = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        User created = identity.newUser(user);
        created.setPassword(PASSWORD);
        identity.saveUser(created);
        identity.createMembership(user, Roles.ADMIN_GROUP);
        // the cache remembers once the node hears other nodes' changes (just after the start)
        Awaitility.await().until(() -> status(user, PASSWORD) == 200 && cache.authorities(user, PASSWORD).isPresent());
    }

    @AfterEach
    void removeTheUser() {
        if (identity.createUserQuery().userId(user).count() > 0) {
            identity.deleteUser(user);
        }
    }

    @Test
    void aPasswordChangedThroughTheEngineRestRefusesTheOldOneAtOnce() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.withBasicAuth("demo", "demo").exchange("/engine-rest/user/" + user + "/credentials",
                HttpMethod.PUT, new HttpEntity<>("{\"password\":\"cache-password-2\",\"authenticatedUserPassword\":"
                        + "\"demo\"}", headers), String.class).getStatusCode().value()).isEqualTo(204);

        onlyTheNewPasswordWorks("cache-password-2");
    }

    @Test
    void aPasswordChangedInAdminRefusesTheOldOneAtOnce() {
        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("admin", "demo", "demo")).isEqualTo(200);

        ResponseEntity<String> changed = admin.exchange(HttpMethod.PUT, "/camunda/api/engine/engine/default/user/"
                + user + "/credentials", "{\"password\":\"cache-password-3\",\"authenticatedUserPassword\":\"demo\"}",
                true);
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(204);

        onlyTheNewPasswordWorks("cache-password-3");
    }

    @Test
    void aUserDeletedInAdminLosesTheApiAtOnce() {
        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("admin", "demo", "demo")).isEqualTo(200);

        ResponseEntity<String> deleted = admin.exchange(HttpMethod.DELETE, "/camunda/api/engine/engine/default/user/"
                + user, null, true);
        assertThat(deleted.getStatusCode().value()).as(deleted.getBody()).isEqualTo(204);

        assertThat(status(user, PASSWORD)).isEqualTo(401);
    }

    @Test
    void anAdministratorRemovedFromTheGroupInAdminLosesTheRoleAtOnce() {
        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("admin", "demo", "demo")).isEqualTo(200);

        ResponseEntity<String> removed = admin.exchange(HttpMethod.DELETE, "/camunda/api/engine/engine/default/group/"
                + Roles.ADMIN_GROUP + "/members/" + user, null, true);
        assertThat(removed.getStatusCode().value()).as(removed.getBody()).isEqualTo(204);

        assertThat(status(user, PASSWORD)).isEqualTo(403);
    }

    /**
     * A change made on another node reaches this one through PostgreSQL, announced as that node's identity store does
     * when its transaction commits (another node's cache took the old password for up to 10 s).
     */
    @Test
    void aChangeAnotherNodeMadeIsHeard() throws Exception {
        // what LoginChanges.announce sends
        try (Connection otherNode = dataSource.getConnection();
                PreparedStatement announce = otherNode.prepareStatement(
                        "select pg_notify('hostflow_login_changes', ?)")) {
            announce.setString(1, user);
            announce.executeQuery().close();
        }

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cache.authorities(user, PASSWORD).isEmpty());
    }

    /**
     * A failed login locks the user in the engine for a while (for good after too many): the cache forgets it, so the
     * next call is the engine's to answer, which refuses a locked user whatever the password.
     */
    @Test
    void aFailedLoginThatLocksTheUserForgetsIt() {
        assertThat(status(user, "not-the-password")).isEqualTo(401);

        assertThat(cache.authorities(user, PASSWORD)).as("forgotten").isEmpty();
    }

    private void onlyTheNewPasswordWorks(String newPassword) {
        assertThat(status(user, newPassword)).as("the new one").isEqualTo(200);
        // last: a refused login holds the user's next one back for a few seconds
        assertThat(status(user, PASSWORD)).as("the old password").isEqualTo(401);
    }

    private int status(String username, String password) {
        return http.withBasicAuth(username, password).getForEntity(ADMINS_ONLY, String.class).getStatusCode()
                .value();
    }
}
