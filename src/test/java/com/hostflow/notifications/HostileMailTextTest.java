package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.MailText;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Text a hostile client or a careless admin writes, on its way into a mail (real HTTP, the real outbox and sender,
 * GreenMail): line breaks in single-line names and a provider's From are refused at the API, a client's e-mail is one
 * plain ASCII address, and a name stored already never writes its line breaks into a header of the mail sent; the
 * HTML part shows it escaped.
 */
@IntegrationTest
class HostileMailTextTest {

    /** the line breaks a header or a name could be split at: CRLF, CR, LF, NEL, LINE and PARAGRAPH SEPARATOR */
    private static final List<String> BREAKS = List.of("\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029");

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    JdbcTemplate jdbc;

    NotificationTestData data;

    @BeforeEach
    void catalog() {
        data = new NotificationTestData(http, smtp).catalog();
    }

    @Test
    void aClientsNameWithALineBreakIsRefusedNamingName() {
        for (String lineBreak : BREAKS) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("email", data.email("crlf" + BREAKS.indexOf(lineBreak)));
            client.put("name", "Eve" + lineBreak + "Bcc: victim@example.org");
            client.put("providerId", data.providerId);
            ResponseEntity<JsonNode> created = data.admin().exchange("/api/v1/clients", HttpMethod.POST,
                    new HttpEntity<>(client), JsonNode.class);
            assertThat(created.getStatusCode().value()).as("%s: %s", escaped(lineBreak), created.getBody())
                    .isEqualTo(400);
            assertThat(created.getBody().toString()).contains("\"name\"");
        }
        long id = data.client(data.email("rename"), "en");
        Map<String, Object> renamed = new LinkedHashMap<>();
        renamed.put("email", data.email("rename"));
        renamed.put("name", "Eve\r\nBcc: victim@example.org");
        renamed.put("providerId", data.providerId);
        ResponseEntity<JsonNode> put = data.admin().exchange("/api/v1/clients/" + id, HttpMethod.PUT,
                new HttpEntity<>(renamed), JsonNode.class);
        assertThat(put.getStatusCode().value()).as("%s", put.getBody()).isEqualTo(400);
        assertThat(put.getBody().toString()).contains("\"name\"");
    }

    @Test
    void aTariffOrProviderNameWithALineBreakIsRefused() {
        ResponseEntity<JsonNode> provider = data.admin().exchange("/api/v1/providers", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Acme\u2028X-Evil: 1", "currency", "EUR")), JsonNode.class);
        assertThat(provider.getStatusCode().value()).as("%s", provider.getBody()).isEqualTo(400);
        assertThat(provider.getBody().toString()).contains("\"name\"");
    }

    @Test
    void aProvidersMailFromWithALineBreakIsRefusedNamingMailFrom() {
        for (String from : List.of("\"Acme\r\nBcc: victim@example.org\" <billing@acme.example>",
                "\"Acme\nX-Evil: 1\" <billing@acme.example>", "Acme\r\n <billing@acme.example>")) {
            ResponseEntity<JsonNode> provider = data.admin().exchange("/api/v1/providers", HttpMethod.POST,
                    new HttpEntity<>(Map.of("name", "Acme " + data.unique, "currency", "EUR", "mailFrom", from)),
                    JsonNode.class);
            assertThat(provider.getStatusCode().value()).as("%s: %s", escaped(from), provider.getBody())
                    .isEqualTo(400);
            assertThat(provider.getBody().toString()).contains("mailFrom");
        }
    }

    @Test
    void aClientsEmailThatIsNotOneBareAddressIsRefusedNamingEmail() {
        SoftAssertions refused = new SoftAssertions();
        for (String email : List.of("Eve <eve@example.com>", "eve@example.com, victim@example.org",
                "eve@example.com,victim@example.org", "\"eve, victim\"@example.com", "\"eve\"@example.com",
                "eve@example.com\r\nBcc: victim@example.org", "eve@example.com\n", "eve@bücher.example",
                "a".repeat(250) + "@example.com", "eve@" + "a".repeat(250) + ".example")) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("email", email);
            client.put("name", "Eve " + data.unique);
            client.put("providerId", data.providerId);
            ResponseEntity<JsonNode> created = data.admin().exchange("/api/v1/clients", HttpMethod.POST,
                    new HttpEntity<>(client), JsonNode.class);
            // every spelling is tried, and every one let through is reported
            refused.assertThat(created.getStatusCode().value()).as("%s: %s", escaped(email), created.getBody())
                    .isEqualTo(400);
            refused.assertThat(String.valueOf(created.getBody())).as(escaped(email)).contains("\"email\"");
        }
        refused.assertAll();
    }

    @Test
    void aStaffUsersEmailIsOnePlainAddressAsAClientsIs() {
        SoftAssertions refused = new SoftAssertions();
        int n = 0;
        for (String email : List.of("root@localhost", "\"eve\"@example.com", "eve@bücher.example",
                "eve@example.com, victim@example.org")) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", "mail-" + data.unique + "-" + n++);
            user.put("password", "secret-password");
            user.put("email", email);
            user.put("roles", List.of("STAFF"));
            user.put("departments", List.of(data.departmentKey));
            ResponseEntity<JsonNode> created = data.admin().exchange("/api/v1/users", HttpMethod.POST,
                    new HttpEntity<>(user), JsonNode.class);
            refused.assertThat(created.getStatusCode().value()).as("%s: %s", email, created.getBody())
                    .isEqualTo(400);
            refused.assertThat(String.valueOf(created.getBody())).as(email).contains("\"email\"");
        }
        refused.assertAll();
    }

    /**
     * The engine REST (and Camunda's Admin app, which sends the same requests) saves users through the identity
     * store, which now makes the same check: a new or changed e-mail that is no plain address is 400 naming email and
     * nothing is stored. Both requests used to be taken (204), skipping the check of {@code /api/v1/users}.
     */
    @Test
    void aUserCreatedOrChangedThroughTheEngineRestGetsAPlainEmailToo() {
        SoftAssertions refused = new SoftAssertions();
        int n = 0;
        for (String email : List.of("root@localhost", "\"eve\"@example.com", "eve@bücher.example")) {
            String id = "engine-mail-" + data.unique + "-" + n++;
            ResponseEntity<JsonNode> created = data.admin().exchange("/engine-rest/user/create", HttpMethod.POST,
                    new HttpEntity<>(Map.of("profile", Map.of("id", id, "firstName", "Eve", "email", email),
                            "credentials", Map.of("password", "secret-password"))), JsonNode.class);
            refused.assertThat(created.getStatusCode().value()).as("%s: %s", email, created.getBody())
                    .isEqualTo(400);
            refused.assertThat(String.valueOf(created.getBody())).as(email).contains("\"field\":\"email\"");
            refused.assertThat(data.admin().getForEntity("/engine-rest/user/" + id + "/profile", String.class)
                    .getStatusCode().value()).as(email).isEqualTo(404);
        }
        String id = "engine-mail-" + data.unique + "-plain";
        assertThat(data.admin().exchange("/engine-rest/user/create", HttpMethod.POST, new HttpEntity<>(Map.of(
                "profile", Map.of("id", id, "firstName", "Eve", "email", "eve@example.com"),
                "credentials", Map.of("password", "secret-password"))), String.class).getStatusCode().value())
                .isEqualTo(204);
        ResponseEntity<JsonNode> changed = data.admin().exchange("/engine-rest/user/" + id + "/profile",
                HttpMethod.PUT, new HttpEntity<>(Map.of("id", id, "firstName", "Eve", "email", "\"eve\"@example.com")),
                JsonNode.class);
        refused.assertThat(changed.getStatusCode().value()).as(String.valueOf(changed.getBody())).isEqualTo(400);
        refused.assertThat(String.valueOf(changed.getBody())).contains("\"field\":\"email\"");
        refused.assertThat(data.admin().getForObject("/engine-rest/user/" + id + "/profile", JsonNode.class)
                .get("email").asText()).isEqualTo("eve@example.com");
        refused.assertAll();
    }

    @Test
    void aStoredNameWithALineBreakNeverWritesAHeaderOfItsOwn() throws Exception {
        String email = data.email("stored");
        long client = data.client(email, "en");
        // stored before the API refused it (or written by hand): the mail still goes out, with no header of its own
        jdbc.update("update hostflow.client set name = ? where id = ?",
                "Eve\r\nBcc: victim@example.org\r\nX-Injected: name <img src=x onerror=alert(1)>", client);
        jdbc.update("update hostflow.provider set mail_from = ? where id = ?",
                "\"Acme\r\nX-Injected: from\" <billing-" + data.unique + "@acme.example>", data.providerId);

        data.pay(client, "7.00");

        MimeMessage mail = data.awaitMailsTo(email, 1).get(0);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        String headers = raw.toString(StandardCharsets.UTF_8).split("\r\n\r\n", 2)[0];
        // Jakarta Mail folded at the CR/LF ("\r\n Bcc: …", no header of its own); the names' breaks now stay out
        assertThat(headers).as(headers).doesNotContainPattern("(?m)^\\s*(Bcc|X-Injected):");
        assertThat(((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Eve Bcc: victim@example.org X-Injected: name <img src=x onerror=alert(1)>");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Acme X-Injected: from");
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Bcc")).isNull();
        // one delivery: GreenMail keeps a copy per SMTP recipient
        assertThat(java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> messageId(m)
                .equals(messageId(mail)))).hasSize(1);
        // the name is shown, as text, in the HTML part
        assertThat(html(mail)).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertThat(MailText.decoded(mail)).contains("Hello, Eve");
        data.awaitNotification(client, "payment-received", "SENT");
    }

    @Test
    void aLineBreakInAManualNotificationsParamsNeverReachesTheSubject() throws Exception {
        String email = data.email("subject");
        long client = data.client(email, "en");
        ResponseEntity<JsonNode> sent = data.admin().exchange("/api/v1/clients/" + client + "/notifications",
                HttpMethod.POST, new HttpEntity<>(Map.of("template", "payment-received", "params",
                        Map.of("amount", "5\u2028X-Evil: 1\u0085\r\nBcc: victim@example.org\u2029"))),
                JsonNode.class);
        assertThat(sent.getStatusCode().value()).as("%s", sent.getBody()).isEqualTo(202);

        MimeMessage mail = data.awaitMailsTo(email, 1).get(0);
        // U+2028, U+0085 and U+2029 went out as they were (encoded); CR/LF were made a space already
        assertThat(mail.getSubject()).isEqualTo("Payment of 5 X-Evil: 1 Bcc: victim@example.org EUR received");
        assertThat(data.awaitNotification(client, "payment-received", "SENT").get("subject").asText())
                .isEqualTo(mail.getSubject());
    }

    /** The HTML part of the mail, decoded. */
    private static String html(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            jakarta.mail.Multipart parts = (jakarta.mail.Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                String html = html(parts.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    private static String messageId(MimeMessage mail) {
        try {
            return String.valueOf(mail.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escaped(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0085", "\\u0085")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
