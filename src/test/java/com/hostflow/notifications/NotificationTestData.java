package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.ManualModuleTariff;
import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What the notification tests build through the API as the admin: a provider with its mail settings, a tariff on a
 * manual module, clients in a language, payments and orders; and the mails GreenMail received. Names are unique per
 * instance, so tests sharing the database and the mail server never see each other's rows or mails.
 */
final class NotificationTestData {

    static final Duration WAIT = Duration.ofSeconds(60);

    final String unique = Long.toString(System.nanoTime(), 36);
    final TestRestTemplate http;
    final GreenMail smtp;
    long providerId;
    long tariffId;
    String departmentKey;

    NotificationTestData(TestRestTemplate http, GreenMail smtp) {
        this.http = http;
        this.smtp = smtp;
    }

    TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    /** A provider that signs its mails, and a tariff of it on a manual module of a new department. */
    NotificationTestData catalog() {
        providerId = created("/providers", Map.of("name", "Acme " + unique, "currency", "EUR",
                "mailFrom", "Acme Hosting <billing-" + unique + "@acme.example>",
                "mailSignature", "Acme Hosting team " + unique + "\nsupport@acme.example"));
        departmentKey = "ops-" + unique;
        tariffId = ManualModuleTariff.create(this::created, "Ops " + unique, departmentKey, "By hand " + unique,
                moduleId -> {
                    Map<String, Object> tariff = ManualModuleTariff.monthlyTariff(providerId, "VPS-N " + unique,
                            moduleId);
                    tariff.put("defaultDomainTemplate", "vps{serviceId}.acme.example");
                    return tariff;
                }).tariffId();
        return this;
    }

    /** A client of the provider; {@code email} null for one without an address. */
    long client(String email, String language) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("email", email);
        client.put("name", "Client " + language + " " + unique);
        client.put("providerId", providerId);
        client.put("language", language);
        return created("/clients", client);
    }

    String email(String who) {
        return who + "-" + unique + "@example.com";
    }

    long pay(long clientId, String amount) {
        return created("/payments", Map.of("clientId", clientId, "amount", amount,
                "externalId", "bank-" + System.nanoTime()));
    }

    /** An order paid from the balance: the service waits for the department's manual work. */
    long orderedService(long clientId) {
        ResponseEntity<JsonNode> order = admin().postForEntity("/api/v1/orders", Map.of("clientId", clientId,
                "tariffId", tariffId, "period", "MONTH", "addons", Map.of("ram", 2048),
                "params", Map.of("os", "debian-12")), JsonNode.class);
        assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
        return order.getBody().get("serviceId").asLong();
    }

    JsonNode notificationsOf(long clientId) {
        ResponseEntity<JsonNode> list = admin().getForEntity("/api/v1/clients/" + clientId + "/notifications?size=50",
                JsonNode.class);
        assertThat(list.getStatusCode().value()).as("%s", list.getBody()).isEqualTo(200);
        return list.getBody().get("content");
    }

    JsonNode notification(long id) {
        return admin().getForObject("/api/v1/notifications/" + id, JsonNode.class);
    }

    /** The only notification of the client about the event, once it has the status. */
    JsonNode awaitNotification(long clientId, String event, String status) {
        return Awaitility.await(event + " " + status + " for client " + clientId).atMost(WAIT)
                .until(() -> one(clientId, event), n -> n != null && status.equals(n.get("status").asText()));
    }

    private JsonNode one(long clientId, String event) {
        List<JsonNode> matching = new java.util.ArrayList<>();
        notificationsOf(clientId).forEach(n -> {
            if (event.equals(n.get("event").asText())) {
                matching.add(n);
            }
        });
        assertThat(matching.size()).as("notifications %s of client %s", event, clientId).isLessThanOrEqualTo(1);
        return matching.isEmpty() ? null : matching.get(0);
    }

    List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, address)).toList();
    }

    List<MimeMessage> awaitMailsTo(String address, int count) {
        return Awaitility.await(count + " mails to " + address).atMost(WAIT)
                .until(() -> mailsTo(address), mails -> mails.size() >= count);
    }

    private static boolean sentTo(MimeMessage message, String address) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                    .anyMatch(a -> a.toString().contains(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    long created(String path, Object body) {
        ResponseEntity<JsonNode> created = admin().exchange("/api/v1" + path, HttpMethod.POST,
                new HttpEntity<>(body), JsonNode.class);
        assertThat(created.getStatusCode().value()).as("POST %s: %s", path, created.getBody()).isIn(200, 201);
        return created.getBody().has("id") ? created.getBody().get("id").asLong() : 0;
    }
}
