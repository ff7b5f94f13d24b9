package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * A page request whose session ends while it runs: a logout in another tab, Cockpit's logout or login (which end the
 * whole shared session) or the session's timeout. The console checks on every request that the login is still valid
 * (the user's password stamp and rights, read from the engine's user table); a session ended between that check's
 * reads answered 500 ("Session already invalidated": 37 of 300 requests racing Cockpit's or the pages' logout on the
 * demo; {@link SessionEndedMidRequest}). Here the read is held on a lock of the user table while the session ends,
 * so the two meet every time.
 */
@IntegrationTest
class SessionEndedMidRequestTest {

    @Autowired
    TestRestTemplate template;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ServletWebServerApplicationContext server;

    @Test
    void aConsolePageWhoseSessionEndsMeanwhileSendsToTheLoginPage() throws Exception {
        SharedSessionClient browser = new SharedSessionClient(template);
        assertThat(browser.pageLogin("demo", "demo")).isEqualTo("/console");
        assertThat(browser.page("/console")).isEqualTo(200);
        String session = browser.sessionId();

        ResponseEntity<String> page = new WhileHolding(transactions, jdbc).run(
                () -> jdbc.execute("lock table act_id_user in access exclusive mode"),
                () -> browser.get("/console"),
                () -> endWhileTheCheckWaits(session));

        assertThat(page.getStatusCode().value()).as(page.getBody()).isEqualTo(302);
        assertThat(page.getHeaders().getLocation().getPath()).isEqualTo("/login");
        assertThat(page.getHeaders().getLocation().getQuery()).isEqualTo("expired");
        assertThat(browser.page("/console")).as("logged out").isEqualTo(302);
    }

    /** Once the console's check waits on the user table (not some other reader of it), the session ends. */
    private void endWhileTheCheckWaits(String sessionId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%act_id_user%'",
                Long.class) > 0);
        Context context = (Context) ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        try {
            Session session = context.getManager().findSession(sessionId);
            assertThat(session).as("the console's session").isNotNull();
            session.expire();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
