package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/**
 * Wrong passwords are tried on throw-away users: the engine delays the next login of a user after a failed one, which
 * would lock the shared {@code demo} admin out of the other tests for seconds.
 */
@IntegrationTest
class EngineRestAuthenticationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    IdentityService identityService;

    @Test
    void engineRestRequiresALogin() {
        String username = throwAwayAdmin();

        assertThat(http.getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth(username, "wrong").getForEntity("/engine-rest/process-definition", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/engine-rest/process-definition", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * Camunda's filter let the list of engines through without a login, where a client with a login is refused (403):
     * now it asks for one like every other path of /engine-rest (its 401 problem naming the path). The webapps' copy
     * stays open: their login page lists the engines from it before anyone logs in.
     */
    @Test
    void theListOfEnginesNeedsALoginWhereTheWebappsCopyStaysOpen() {
        ResponseEntity<String> anonymous = http.getForEntity("/engine-rest/engine", String.class);

        assertThat(anonymous.getStatusCode()).as(anonymous.getBody()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(anonymous.getBody()).contains("\"instance\":\"/engine-rest/engine\"");
        // contains: a BPMN path test earlier in the JVM may have registered its standalone engine beside it
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/engine-rest/engine", String.class).getBody())
                .contains("{\"name\":\"default\"}");
        assertThat(http.getForEntity("/camunda/api/engine/engine/", String.class).getBody())
                .contains("{\"name\":\"default\"}");
    }

    @Test
    void apiRejectsAWrongPassword() {
        String username = throwAwayAdmin();

        assertThat(http.withBasicAuth(username, "wrong").getForEntity("/api/v1/users", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /** No stored username has a NUL (PostgreSQL cannot store one): such a login is a wrong one, not a 500. */
    @Test
    void aUsernameWithANulIsAWrongLogin() {
        String username = throwAwayAdmin() + "\0";

        for (String path : new String[] {"/api/v1/users", "/engine-rest/process-definition"}) {
            assertThat(http.withBasicAuth(username, "right-password").getForEntity(path, String.class)
                    .getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    private String throwAwayAdmin() {
        String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(username);
        user.setPassword("right-password");
        identityService.saveUser(user);
        identityService.createMembership(username, Roles.ADMIN_GROUP);
        return username;
    }
}
