package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.support.IntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * The pages ({@code /console}, {@code /my}) and the Camunda webapps share one {@code JSESSIONID}, over real HTTP: a
 * logout anywhere ends every login the session carries, every login gets a new session id, and a session holds one
 * person: a login as someone else replaces the other areas' logins, never leaves them acting as the one before.
 */
@IntegrationTest
class SharedSessionLoginsTest {

    private static final String PASSWORD = "shared-session-1";

    @Autowired
    TestRestTemplate template;
    @Autowired
    ProviderService providers;
    @Autowired
    ClientService clients;
    @Autowired
    DepartmentService departments;
    @Autowired
    StaffUserService staffUsers;

    String client;
    String staff;

    @BeforeEach
    void logins() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long provider = providers.create(new ProviderForm("Shared session " + unique, "EUR")).id();
        client = "shared-" + unique + "@example.com";
        clients.create(new ClientData(client, "Shared " + unique, null, provider, PASSWORD));
        String department = "shared-desk-" + unique;
        departments.create(new DepartmentForm("Shared desk " + unique, department));
        staff = "shared-staff-" + unique;
        staffUsers.create(new StaffUser(staff, "Shared", "Staff", null, Set.of(StaffRole.STAFF), Set.of(department)),
                PASSWORD);
    }

    /**
     * Cockpit's "Log out" kept the session, and with it the console login made in it; the same logout sent with a
     * trailing slash (Camunda's REST takes it too) still kept it after Cockpit's own was fixed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/logout", "/logout/"})
    void cockpitsLogoutEndsTheConsoleLoginOfTheSession(String logout) {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        assertThat(browser.page("/console")).isEqualTo(200);
        assertThat(browser.webappUser()).isEqualTo("demo");

        assertThat(browser.webappLogout(logout)).isEqualTo(200);

        assertThat(browser.webappUser()).isNull();
        assertThat(browser.page("/console")).as("the console asks to log in again").isEqualTo(302);
    }

    @Test
    void cockpitsLogoutEndsTheClientAreaLoginOfTheSession() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.pageLogin(client, PASSWORD)).isEqualTo("/my");
        assertThat(browser.page("/my")).isEqualTo(200);

        // a Cockpit tab left open sends its logout into the session the client area now uses
        assertThat(browser.webappLogout()).isEqualTo(200);

        assertThat(browser.page("/my")).as("the client area asks to log in again").isEqualTo(302);
    }

    @Test
    void theConsolesLogoutEndsTheWebappsLoginOfTheSession() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        assertThat(browser.webappEngineRead()).isEqualTo(200);

        assertThat(browser.pageLogout().getHeaders().getLocation().toString()).endsWith("/login?logout");

        assertThat(browser.webappUser()).isNull();
        assertThat(browser.webappEngineRead()).isEqualTo(401);
        assertThat(browser.page("/console")).isEqualTo(302);
    }

    /** The same person logged in to both: the second login keeps the first (an admin following a link to Cockpit). */
    @Test
    void oneUserLoggedInToTheConsoleAndThenCockpitKeepsBoth() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);

        assertThat(browser.page("/console")).isEqualTo(200);
        assertThat(browser.webappUser()).isEqualTo("demo");

        assertThat(browser.webappLogout()).isEqualTo(200);
        assertThat(browser.page("/console")).as("and one logout ends both").isEqualTo(302);
    }

    @Test
    void thePagesLoginGivesANewSessionIdAndTheOldOneLogsNobodyIn() {
        SharedSessionClient browser = new SharedSessionClient(template);
        browser.get("/login");
        String before = browser.sessionId();
        assertThat(before).isNotNull();

        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        String after = browser.sessionId();
        assertThat(after).isNotEqualTo(before);
        assertThat(browser.page("/console")).isEqualTo(200);

        SharedSessionClient planted = new SharedSessionClient(template);
        planted.useSessionId(before);
        assertThat(planted.page("/console")).as("the id from before the login").isEqualTo(302);
        assertThat(planted.webappUser()).isNull();
    }

    @Test
    void theWebappsLoginGivesANewSessionIdAndTheOldOneLogsNobodyIn() {
        SharedSessionClient browser = new SharedSessionClient(template);
        browser.get("/camunda/app/cockpit/default/");
        String before = browser.sessionId();
        assertThat(before).isNotNull();

        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(browser.sessionId()).isNotEqualTo(before);
        assertThat(browser.webappUser()).isEqualTo("demo");

        SharedSessionClient planted = new SharedSessionClient(template);
        planted.useSessionId(before);
        assertThat(planted.webappUser()).as("the id from before the login").isNull();
        assertThat(planted.webappEngineRead()).isEqualTo(401);
    }

    /** A session id planted before the pages' login, holding someone else's Cockpit login: neither carries over. */
    @Test
    void aClientLoggingInOverAnAdminsCockpitLoginReplacesIt() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);
        String admins = browser.sessionId();

        assertThat(browser.pageLogin(client, PASSWORD)).isEqualTo("/my");

        assertThat(browser.page("/my")).isEqualTo(200);
        assertThat(browser.webappUser()).as("Cockpit must not act as the admin for the client").isNull();
        assertThat(browser.webappEngineRead()).isEqualTo(401);
        SharedSessionClient old = new SharedSessionClient(template);
        old.useSessionId(admins);
        assertThat(old.webappUser()).as("the admin's old id").isNull();
    }

    @Test
    void anAdminLoggingInToCockpitOverAClientsLoginReplacesIt() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.pageLogin(client, PASSWORD)).isEqualTo("/my");
        assertThat(browser.page("/my")).isEqualTo(200);

        assertThat(browser.webappLogin("cockpit", "demo", "demo")).isEqualTo(200);

        assertThat(browser.webappUser()).isEqualTo("demo");
        assertThat(browser.page("/my")).as("the client area no longer takes the session for the client")
                .isEqualTo(302);
    }

    @Test
    void aStaffUsersTasklistEndsWhenAnotherLoginTakesTheSessionAndComesNotBack() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.webappLogin("tasklist", staff, PASSWORD)).isEqualTo(200);
        assertThat(browser.webappUser()).isEqualTo(staff);

        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        assertThat(browser.webappUser()).as("Tasklist takes the session for nobody now").isNull();
        assertThat(browser.page("/console")).isEqualTo(200);

        assertThat(browser.pageLogout().getStatusCode().value()).isEqualTo(302);
        assertThat(browser.page("/console")).isEqualTo(302);
        assertThat(browser.webappUser()).isNull();
    }

    /** A failed login changes nothing: the session's login stays (no way to log someone out by a wrong password). */
    @Test
    void aFailedWebappLoginLeavesThePagesLogin() {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.pageLogin(client, PASSWORD)).isEqualTo("/my");
        assertThat(browser.webappLogin("cockpit", client, PASSWORD)).as("clients have no webapp").isEqualTo(403);
        assertThat(browser.page("/my")).isEqualTo(200);
        assertThat(browser.webappUser()).isNull();
    }
}
