package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.support.IntegrationTest;

/**
 * Text a hostile client or a careless admin writes, on its way into a mail (real HTTP, the real outbox and sender,
 * GreenMail): line breaks in single-line names and a provider's From are refused at the API, and a client's e-mail is
 * one plain ASCII address.
 */
@IntegrationTest
class HostileMailTextTest {

    /** the line breaks a header or a name could be split at: CRLF, CR, LF, NEL, LINE and PARAGRAPH SEPARATOR */
    private static final List<String> BREAKS = List.of("\r\n", "\r", "\n", "\u0085", "\u2028", "\u2029");

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

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

    private static String escaped(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0085", "\\u0085")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
