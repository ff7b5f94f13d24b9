package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;

import com.hostflow.support.IntegrationTest;

/**
 * Cockpit and Admin are for administrators; staff log in to Tasklist only; clients to none of the webapps. Through
 * engine REST a client sees no process and no task.
 */
@IntegrationTest
class WebappAccessTest {

    @Autowired
    TestRestTemplate http;

    SecurityFixtures f;

    @BeforeEach
    void users() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void adminsUseEveryApp() {
        assertThat(new WebappSession(http).login("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(new WebappSession(http).login("admin", "demo", "demo")).isEqualTo(200);
        assertThat(new WebappSession(http).login("tasklist", "demo", "demo")).isEqualTo(200);
    }

    @Test
    void staffUseTasklistOnly() {
        assertThat(new WebappSession(http).login("tasklist", f.staffUser, SecurityFixtures.PASSWORD))
                .isEqualTo(200);
        assertThat(new WebappSession(http).login("cockpit", f.staffUser, SecurityFixtures.PASSWORD))
                .isIn(401, 403);
        assertThat(new WebappSession(http).login("admin", f.staffUser, SecurityFixtures.PASSWORD))
                .isIn(401, 403);
    }

    @Test
    void clientsUseNoWebappAndSeeNothingInEngineRest() {
        for (String app : new String[] {"tasklist", "cockpit", "admin"}) {
            assertThat(new WebappSession(http).login(app, f.clientBEmail, SecurityFixtures.PASSWORD)).as(app)
                    .isIn(401, 403);
        }
        for (String path : new String[] {"/engine-rest/process-instance", "/engine-rest/task",
                "/engine-rest/history/process-instance", "/engine-rest/history/variable-instance",
                "/engine-rest/deployment"}) {
            var answer = f.http.withBasicAuth(f.clientBEmail, SecurityFixtures.PASSWORD)
                    .exchange(path, HttpMethod.GET, null, String.class);
            assertThat(answer.getStatusCode().value()).as(path).isEqualTo(200);
            assertThat(answer.getBody()).as(path).isEqualTo("[]");
        }
        assertThat(f.http.withBasicAuth(f.clientBEmail, SecurityFixtures.PASSWORD)
                .getForEntity("/engine-rest/user", String.class).getBody()).doesNotContain(f.clientAEmail);
    }
}
