package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Cockpit and Admin are for administrators; staff log in to Tasklist only; clients to none of the webapps, and get
 * 403 from engine REST. Jobs in engine REST are for admins.
 */
@IntegrationTest
class WebappAccessTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    org.camunda.bpm.engine.IdentityService identity;

    @Autowired
    org.camunda.bpm.engine.ManagementService management;

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

    /**
     * The webapps' scripts, styles and fonts are kept by the browser and checked again (a 304 when unchanged): with
     * Spring Security's no-store every Cockpit page fetched the 3.8 MB of deps.js again. Their pages (a CSRF token and a
     * script nonce in each) and their API are never stored.
     */
    @Test
    void theWebappsStaticFilesAreKeptByTheBrowserAndTheirPagesAreNot() {
        for (String file : List.of("/camunda/lib/deps.js?bust=7.24.0", "/camunda/app/cockpit/camunda-cockpit-bootstrap.css",
                "/camunda/assets/glyphicons-halflings-regular.woff2")) {
            ResponseEntity<byte[]> first = http.getForEntity(file, byte[].class);
            assertThat(first.getStatusCode().value()).as(file).isEqualTo(200);
            assertThat(first.getHeaders().getCacheControl()).as(file).isEqualTo("no-cache");
            assertThat(first.getHeaders().getPragma()).as(file).isNull();
            HttpHeaders again = new HttpHeaders();
            again.setIfModifiedSince(first.getHeaders().getLastModified());
            assertThat(http.exchange(file, HttpMethod.GET, new HttpEntity<>(again), byte[].class).getStatusCode().value())
                    .as(file + " checked again").isEqualTo(304);
        }
        for (String page : List.of("/camunda/app/cockpit/default/", "/camunda/api/admin/setup/default/user/create",
                "/camunda/api/engine/engine/")) {
            assertThat(http.getForEntity(page, String.class).getHeaders().getCacheControl()).as(page)
                    .contains("no-store");
        }
    }

    /** The login form the parameter guard read first is no WARN of Jersey's on every login. */
    @Test
    void aLoginLeavesNoWarningInTheLog() {
        Logger jersey = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger("org.glassfish.jersey.servlet.WebComponent");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        jersey.addAppender(logged);
        try {
            assertThat(new WebappSession(http).login("cockpit", "demo", "demo")).isEqualTo(200);
        } finally {
            jersey.detachAppender(logged);
        }

        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /**
     * The webapps' API takes only their session: once it has ended its 401 says so and to log in again (it said "log
     * in with HTTP Basic", which the webapps' API never takes); the engine REST still asks for HTTP Basic and takes it.
     */
    @Test
    void theWebappsApiAfterTheSessionEndedSaysToLogInAgain() {
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", "demo", "demo")).isEqualTo(200);
        String count = "/camunda/api/engine/engine/default/process-definition/count";
        assertThat(cockpit.get(count).getStatusCode().value()).isEqualTo(200);
        assertThat(cockpit.exchange(HttpMethod.POST, "/camunda/api/admin/auth/user/default/logout", null, true)
                .getStatusCode().is2xxSuccessful()).isTrue();

        org.springframework.http.ResponseEntity<String> ended = cockpit.get(count);
        assertThat(ended.getStatusCode().value()).isEqualTo(401);
        assertThat(SecurityFixtures.json(ended).path("detail").asText())
                .contains("your session has ended", "log in again at /camunda/app/").doesNotContain("HTTP Basic");

        org.springframework.http.ResponseEntity<String> anonymous = http.getForEntity(
                "/engine-rest/process-definition/count", String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(SecurityFixtures.json(anonymous).path("detail").asText()).isEqualTo("log in with HTTP Basic");
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/engine-rest/process-definition/count",
                String.class).getStatusCode().value()).isEqualTo(200);
    }

    /**
     * A password an admin changes ends the user's open Tasklist session (Camunda's session rechecks groups now and
     * then, never the password): its next call answers 401, saying the session ended; the admin's own session, and a
     * login with the new password, go on.
     */
    @Test
    void aPasswordChangedByAnAdminEndsTheUsersWebappSession() {
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", f.staffUser, SecurityFixtures.PASSWORD)).isEqualTo(200);
        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("admin", "demo", "demo")).isEqualTo(200);
        String count = "/camunda/api/engine/engine/default/task/count";
        assertThat(tasklist.get(count).getStatusCode().value()).isEqualTo(200);

        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        assertThat(http.withBasicAuth("demo", "demo").exchange("/engine-rest/user/" + f.staffUser + "/credentials",
                HttpMethod.PUT, new org.springframework.http.HttpEntity<>(
                        "{\"password\":\"webapp-new-password\",\"authenticatedUserPassword\":\"demo\"}", headers),
                String.class).getStatusCode().value()).isEqualTo(204);

        org.springframework.http.ResponseEntity<String> ended = tasklist.get(count);
        assertThat(ended.getStatusCode().value()).isEqualTo(401);
        assertThat(SecurityFixtures.json(ended).path("detail").asText()).contains("your session has ended");
        assertThat(tasklist.get(count).getStatusCode().value()).as("still ended").isEqualTo(401);
        assertThat(admin.get(count).getStatusCode().value()).as("the admin's own session").isEqualTo(200);
        WebappSession again = new WebappSession(http);
        assertThat(again.login("tasklist", f.staffUser, "webapp-new-password")).isEqualTo(200);
        assertThat(again.get(count).getStatusCode().value()).isEqualTo(200);
    }

    /** An admin who changes their own password on Admin's profile page stays logged in there; their Cockpit ends. */
    @Test
    void anAdminChangingTheirOwnPasswordInAdminKeepsThatSession() {
        String id = "self-admin-" + f.suffix;
        org.camunda.bpm.engine.identity.User user = identity.newUser(id);
        user.setPassword(SecurityFixtures.PASSWORD);
        identity.saveUser(user);
        identity.createMembership(id, Roles.ADMIN_GROUP);
        try {
            WebappSession profile = new WebappSession(http);
            assertThat(profile.login("admin", id, SecurityFixtures.PASSWORD)).isEqualTo(200);
            WebappSession cockpit = new WebappSession(http);
            assertThat(cockpit.login("cockpit", id, SecurityFixtures.PASSWORD)).isEqualTo(200);
            String count = "/camunda/api/engine/engine/default/process-definition/count";

            org.springframework.http.ResponseEntity<String> changed = profile.exchange(HttpMethod.PUT,
                    "/camunda/api/engine/engine/default/user/" + id + "/credentials", "{\"password\":"
                            + "\"self-admin-new-1\",\"authenticatedUserPassword\":\"" + SecurityFixtures.PASSWORD
                            + "\"}", true);
            assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(204);

            assertThat(profile.get(count).getStatusCode().value()).as("the session it was changed in")
                    .isEqualTo(200);
            assertThat(cockpit.get(count).getStatusCode().value()).as("another session").isEqualTo(401);
        } finally {
            identity.deleteUser(id);
        }
    }

    @Test
    void aLoginWithANulInTheUsernameIsRefused() {
        assertThat(new WebappSession(http).login("cockpit", "nobody\0" + f.suffix, "x")).isEqualTo(400);
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
        // the engine would let a client delete its own login, and tells nothing or little about the rest
        for (String[] call : new String[][] {{"GET", "/engine-rest/process-instance"}, {"GET", "/engine-rest/task"},
            {"GET", "/engine-rest/history/process-instance"}, {"GET", "/engine-rest/user"},
            {"DELETE", "/engine-rest/user/" + f.clientBEmail}, {"GET", "/engine-rest/job"},
            {"GET", "/engine-rest/metrics/process-instances/sum"}, {"POST", "/engine-rest/condition"},
            {"GET", "/engine-rest/engine/default/job"}}) {
            var answer = f.http.withBasicAuth(f.clientBEmail, SecurityFixtures.PASSWORD).exchange(call[1],
                    HttpMethod.valueOf(call[0]), call[0].equals("POST") ? json("{\"variables\":{}}") : null,
                    String.class);
            assertThat(answer.getStatusCode().value()).as(call[1]).isEqualTo(403);
            assertThat(answer.getBody()).as(call[1]).contains("clients use /api/v1");
        }
        assertThat(identity.createUserQuery().userId(f.clientBEmail).count()).isEqualTo(1);
    }

    /**
     * Camunda lets every user log in to its Welcome app, clients too: that session reaches the engine's API through
     * the webapps' path, which must refuse a client as {@code /engine-rest} does.
     */
    @Test
    void aClientsWelcomeLoginReachesNothingOfTheEngine() {
        WebappSession welcome = new WebappSession(http);
        // Camunda's own rule: the Welcome app is open to every user (HostFlow's pages are the client's way)
        assertThat(welcome.login("welcome", f.clientBEmail, SecurityFixtures.PASSWORD)).isEqualTo(200);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String[] call : new String[][] {{"GET", "/process-instance"}, {"GET", "/task"},
            {"GET", "/user/" + f.clientBEmail + "/profile"}, {"GET", "/metrics/process-instances/sum"},
            {"GET", "/history/process-instance"}, {"GET", "/process-definition"}, {"POST", "/message"},
            {"POST", "/signal"}, {"POST", "/condition"}, {"GET", "/user"}, {"GET", "/group"}}) {
            var answer = welcome.exchange(HttpMethod.valueOf(call[0]), "/camunda/api/engine/engine/default" + call[1],
                    call[0].equals("POST") ? "{\"messageName\":\"x\",\"name\":\"x\",\"variables\":{}}" : null,
                    true);
            if (answer.getStatusCode().value() == 403) {
                assertThat(answer.getBody()).as(call[1]).contains("clients use /api/v1");
            }
            statuses.put(call[0] + " " + call[1], answer.getStatusCode().value());
        }
        // it read the metrics, its user, the groups and sent signals (204), where /engine-rest answers 403
        assertThat(statuses).allSatisfy((call, status) -> assertThat(status).as(call).isEqualTo(403));
    }

    /**
     * Cockpit's and Admin's own APIs ({@code /camunda/api/cockpit/plugin/...}, {@code /camunda/api/admin/plugin/...})
     * answered a client's Welcome session and a staff member's Tasklist session 200 with empty lists: Camunda's rules
     * let any logged-in user call them. They are for admins, as Cockpit and Admin are; the plugins' static files, the
     * login, the logout and "who am I" stay open to every session.
     */
    @Test
    void cockpitsAndAdminsPluginApisAreForAdminsOnly() {
        WebappSession welcome = new WebappSession(http);
        assertThat(welcome.login("welcome", f.clientBEmail, SecurityFixtures.PASSWORD)).isEqualTo(200);
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", f.staffUser, SecurityFixtures.PASSWORD)).isEqualTo(200);
        String cockpit = "/camunda/api/cockpit/plugin/base/default";
        String[][] calls = {{"GET", cockpit + "/process-definition/statistics"},
            {"GET", cockpit + "/process-definition/statistics-count"}, {"GET", cockpit + "/process-instance/count"},
            {"POST", cockpit + "/process-instance"}, {"GET", cockpit + "/incident"},
            {"POST", cockpit + "/incident/count"}, {"GET", "/camunda/api/admin/plugin/adminPlugins/default/metrics/aggregated"
                    + "?subscriptionStartDate=2026-01-01T00:00:00.000%2B0000&groupBy=month"},
            {"GET", "/camunda/api/tasklist/plugin/tasklistPlugins/default/anything"}};
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (WebappSession session : new WebappSession[] {welcome, tasklist}) {
            String who = session == welcome ? "client " : "staff ";
            for (String[] call : calls) {
                if (session == tasklist && call[1].startsWith("/camunda/api/tasklist")) {
                    continue;
                }
                var answer = session.exchange(HttpMethod.valueOf(call[0]), call[1],
                        call[0].equals("POST") ? "{}" : null, true);
                statuses.put(who + call[0] + " " + call[1], answer.getStatusCode().value());
                if (answer.getStatusCode().value() == 403) {
                    assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
                }
            }
            assertThat(session.get("/camunda/api/admin/auth/user/default").getStatusCode().value()).as(who + "who am I")
                    .isEqualTo(200);
            assertThat(session.get("/camunda/api/cockpit/plugin/cockpitPlugins/static/app/plugin.js")
                    .getStatusCode().value()).as(who + "a plugin's static file").isNotEqualTo(403);
        }
        assertThat(statuses).allSatisfy((call, status) -> assertThat(status).as(call).isEqualTo(403));

        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("cockpit", "demo", "demo")).isEqualTo(200);
        for (String[] call : calls) {
            if (call[1].startsWith("/camunda/api/tasklist")) {
                continue;
            }
            assertThat(admin.exchange(HttpMethod.valueOf(call[0]), call[1], call[0].equals("POST") ? "{}" : null,
                    true).getStatusCode().value()).as("admin " + call[1]).isNotEqualTo(403);
        }
        assertThat(admin.get(cockpit + "/process-definition/statistics").getStatusCode().value()).isEqualTo(200);
        assertThat(tasklist.exchange(HttpMethod.POST, "/camunda/api/admin/auth/user/default/logout", null, true)
                .getStatusCode().is2xxSuccessful()).as("staff log out").isTrue();
    }

    @Test
    void jobsAndUsersInEngineRestAreForAdminsOnlyWhileStaffKeepTheirTasks() {
        var staff = f.http.withBasicAuth(f.staffUser, SecurityFixtures.PASSWORD);
        String cleanupJob = management.createJobQuery().list().stream().filter(j -> j.getProcessDefinitionId() == null)
                .map(org.camunda.bpm.engine.runtime.Job::getId).findFirst().orElse("none");
        for (String[] call : new String[][] {{"GET", "/engine-rest/job"}, {"GET", "/engine-rest/job-definition"},
            {"DELETE", "/engine-rest/job/" + cleanupJob}, {"GET", "/engine-rest/engine/default/job/count"},
            {"DELETE", "/engine-rest/user/" + f.staffUser}, {"GET", "/engine-rest/authorization"},
            {"GET", "/engine-rest/history/job-log/count"}}) {
            var answer = staff.exchange(call[1], HttpMethod.valueOf(call[0]), null, String.class);
            assertThat(answer.getStatusCode().value()).as(call[1]).isEqualTo(403);
        }
        assertThat(identity.createUserQuery().userId(f.staffUser).count()).isEqualTo(1);
        assertThat(staff.getForEntity("/engine-rest/task", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(f.http.withBasicAuth("demo", "demo").getForEntity("/engine-rest/job/count", String.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void staffInTasklistReadUsersAndGroupsButChangeNoneAndSeeNoJobs() {
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", f.staffUser, SecurityFixtures.PASSWORD)).isEqualTo(200);
        String engine = "/camunda/api/engine/engine/default";

        // what Tasklist itself reads
        assertThat(tasklist.get(engine + "/task").getStatusCode().value()).isEqualTo(200);
        assertThat(tasklist.get(engine + "/user/" + f.staffUser + "/profile").getStatusCode().value())
                .isEqualTo(200);
        assertThat(tasklist.get(engine + "/group?member=" + f.staffUser).getStatusCode().value()).isEqualTo(200);
        // what the engine would allow a user on its own record, and jobs outside any process
        for (String[] call : new String[][] {{"DELETE", engine + "/user/" + f.staffUser},
            {"PUT", engine + "/user/" + f.staffUser + "/profile"}, {"GET", engine + "/job"},
            {"GET", engine + "/job-definition"}, {"POST", engine + "/authorization/create"},
            {"GET", engine + "/history/job-log/count"}}) {
            var answer = tasklist.exchange(HttpMethod.valueOf(call[0]), call[1],
                    call[0].equals("GET") || call[0].equals("DELETE") ? null
                            : "{\"id\":\"" + f.staffUser + "\",\"firstName\":\"Mallory\"}", true);
            assertThat(answer.getStatusCode().value()).as(call[0] + " " + call[1]).isEqualTo(403);
            assertThat(answer.getBody()).as(call[0] + " " + call[1]).contains("admins only");
        }
        assertThat(identity.createUserQuery().userId(f.staffUser).singleResult().getFirstName())
                .isNotEqualTo("Mallory");

        WebappSession admin = new WebappSession(http);
        assertThat(admin.login("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(admin.get(engine + "/job/count").getStatusCode().value()).isEqualTo(200);
    }

    private static org.springframework.http.HttpEntity<String> json(String body) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        return new org.springframework.http.HttpEntity<>(body, headers);
    }
}
