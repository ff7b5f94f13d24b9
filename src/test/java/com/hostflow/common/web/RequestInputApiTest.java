package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.support.IntegrationTest;

/**
 * Request bodies and queries as a careless or hostile client writes them: each is refused with a small 400 (or 415)
 * problem naming what is wrong, never converted into another value, answered 409 or 500. Sent with the JDK's client,
 * so no Content-Type is checked or values re-encoded on the way.
 */
@IntegrationTest
class RequestInputApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "input-password-1";

    @LocalServerPort
    int port;
    @Autowired
    ProviderService providers;
    @Autowired
    TariffService tariffs;
    @Autowired
    ClientService clients;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    final HttpClient http = HttpClient.newHttpClient();
    long providerId;
    long tariffId;
    long clientId;
    String clientEmail;

    record Answer(int status, String contentType, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        List<String> fields() throws IOException {
            assertThat(status).as(body).isEqualTo(400);
            assertThat(contentType).startsWith("application/problem+json");
            return json().path("errors").findValuesAsText("field");
        }
    }

    @BeforeEach
    void catalog() {
        providerId = providers.create(new ProviderForm("Input " + unique, "EUR")).id();
        tariffId = tariffs.create(new TariffForm("vds", providerId, null, "Input " + unique, true, List.of(), null,
                false, null, Map.of(Period.MONTH, new BigDecimal("9.00")), 0, List.of())).id();
        clientEmail = "input-" + unique + "@example.com";
        clientId = clients.create(new ClientData(clientEmail, "Input " + unique, null, providerId, PASSWORD)).getId();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "application/*+json", "no-slash"})
    void aWildcardOrMalformedContentTypeIs415NamingIt(String contentType) throws Exception {
        for (String path : new String[] {"/tariff-groups", "/payments", "/orders"}) {
            Answer answer = send("POST", path, "demo", "demo", contentType, "{\"name\":\"x\"}");

            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(415);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).contains("'" + contentType + "'");
        }
        Answer asClient = send("POST", "/orders", clientEmail, PASSWORD, contentType, "{}");
        assertThat(asClient.status()).as(asClient.body()).isEqualTo(415);
    }

    /**
     * The content type is checked after the login and the URL's access rules: a caller without a valid login gets
     * 401 and one the URL forbids 403, whatever the Content-Type, so neither learns how the server reads input.
     */
    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "no-slash"})
    void aCallerWithoutALoginGets401WhateverTheContentType(String contentType) throws Exception {
        for (String[] call : new String[][] {{"POST", "/tariff-groups"}, {"POST", "/orders"}, {"GET", "/tariffs"}}) {
            Answer anonymous = send(call[0], call[1], null, null, contentType, "{}");
            // an unknown user: a wrong password of a real one would slow that user's next login
            Answer unknown = send(call[0], call[1], "nobody-" + unique, "wrong", contentType, "{}");

            for (Answer answer : List.of(anonymous, unknown)) {
                assertThat(answer.status()).as(call[1] + " " + answer.body()).isEqualTo(401);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.body()).doesNotContain(contentType).doesNotContain("Content-Type");
            }
        }
        Answer clientOnTheCatalog = send("POST", "/tariff-groups", clientEmail, PASSWORD, contentType, "{}");
        assertThat(clientOnTheCatalog.status()).as(clientOnTheCatalog.body()).isEqualTo(403);
        Answer adminReading = send("GET", "/tariffs", "demo", "demo", contentType, null);
        assertThat(adminReading.status()).as(adminReading.body()).isEqualTo(415);
    }

    /** Found by MalformedInputFuzzTest (BROKEN_JSON sent as a form): the firewall's refusal of the name was a 500. */
    @Test
    void aFormBodyWhoseParameterNameIsANulIs400() throws Exception {
        Answer answer = send("POST", "/clients", "demo", "demo", "application/x-www-form-urlencoded", "\u0000");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/field").asText()).isEqualTo("body");
    }

    @Test
    void aConcreteContentTypeStillReachesTheHandler() throws Exception {
        Answer answer = send("POST", "/tariff-groups", "demo", "demo", "application/json; charset=UTF-8",
                "{\"name\":\"Input " + unique + "\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    /**
     * Broken JSON inside a map or a list (found by a probe: a tariff PUT with {@code "prices":{"DAY":"0.20",,...}}
     * answered {@code prices: invalid value}) is named where the parser stopped, as far as it can be known: the
     * member whose value is broken, the list's element, or the object or list itself when its punctuation is wrong;
     * the message says the JSON is malformed and how, without Java's words, on a POST and a PUT alike.
     */
    @Test
    void brokenJsonInsideAMapOrListIsNamedWhereItBreaks() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"name\":\"x\",\"prices\":{\"MONTH\":\"9.00\",,\"YEAR\":\"90.00\"}}",
                "prices|unexpected character ','");
        cases.put("{\"prices\":{\"MONTH\":,\"YEAR\":\"90.00\"}}", "prices.MONTH|unexpected character ','");
        cases.put("{\"prices\":{\"MONTH\" \"9.00\"}}", "prices.MONTH|unexpected character '\"'");
        cases.put("{\"processingModuleIds\":[1,,2]}", "processingModuleIds[1]|unexpected character ','");
        cases.put("{\"addons\":[{\"resource\":\"ram\",}]}", "addons[0]|unexpected character '}'");
        cases.put("{\"addons\":[{\"resource\":\"ram\"},,{}]}", "addons[1]|unexpected character ','");
        cases.put("{\"addons\":[{\"resource\":tru}]}", "addons[0].resource|unrecognized token 'tru'");
        cases.put("{\"name\":\"x\",,\"prices\":{}}", "body|unexpected character ','");
        cases.put("{\"prices\":{\"MONTH\":\"9.00\"", "prices|unexpected end-of-input");
        cases.put("{\"prices\":{\"MONTH\":\"9.00}}", "prices.MONTH|unexpected end-of-input in a text");
        for (var broken : cases.entrySet()) {
            String[] expected = broken.getValue().split("\\|");
            for (String[] call : new String[][] {{"POST", "/tariffs"}, {"PUT", "/tariffs/" + tariffId}}) {
                Answer answer = admin(call[0], call[1], broken.getKey());
                String what = call[0] + " " + broken.getKey() + ": " + answer.body();
                assertThat(answer.fields()).as(what).containsExactly(expected[0]);
                assertThat(answer.json().at("/errors/0/message").asText()).as(what).startsWith("malformed JSON: ")
                        .contains(expected[1]).containsPattern("\\(line 1, column \\d+\\)$")
                        .doesNotContain("java", "Exception", "Source", "REDACTED", "code 44");
            }
        }
        Answer duplicated = admin("POST", "/tariffs", "{\"prices\":{\"MONTH\":\"9.00\",\"MONTH\":\"8.00\"}}");
        assertThat(duplicated.fields()).containsExactly("prices.MONTH");
        assertThat(duplicated.json().at("/errors/0/message").asText()).startsWith("duplicated key");
    }

    /** A NUL in a query parameter (found by a probe: 400 without {@code errors}) names the parameter, each of them. */
    @Test
    void aNulInAQueryParameterIsNamed() throws Exception {
        assertThat(send("GET", "/services?status=%00", "demo", "demo", null, null).fields())
                .containsExactly("status");
        assertThat(send("GET", "/services?clientId=1%00", "demo", "demo", null, null).fields())
                .containsExactly("clientId");
        Answer two = send("GET", "/clients?page=0&name=a%00&email=%00b&size=5", "demo", "demo", null, null);
        assertThat(two.fields()).containsExactly("name", "email");
        assertThat(two.json().at("/errors/0/message").asText()).contains("NUL");
        assertThat(two.json().path("detail").asText()).startsWith("name: ");
        assertThat(send("GET", "/clients?na%6De=%00", "demo", "demo", null, null).fields()).containsExactly("name");
    }

    @Test
    void aFractionalNumberForAnIntegerFieldIsRefusedNotTruncated() throws Exception {
        assertThat(admin("POST", "/payments", "{\"clientId\":" + clientId + ".9,\"amount\":\"1.00\",\"externalId\":\"f-"
                + unique + "\"}").fields()).containsExactly("clientId");
        assertThat(admin("POST", "/datacenters", "{\"name\":\"DC " + unique + "\",\"sortOrder\":1.99}").fields())
                .containsExactly("sortOrder");
        assertThat(send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ".5,\"period\":\"MONTH\"}").fields()).containsExactly("tariffId");
        assertThat(admin("POST", "/tariffs", "{\"productType\":\"vds\",\"trialDays\":0.123}").fields())
                .containsExactly("trialDays");
    }

    @Test
    void moneyIsStillReadFromStringsAndFromJsonNumbers() throws Exception {
        for (String amount : new String[] {"\"1.00\"", "2", "2.50"}) {
            Answer paid = admin("POST", "/payments", "{\"clientId\":" + clientId + ",\"amount\":" + amount
                    + ",\"externalId\":\"m-" + amount.replace("\"", "") + "-" + unique + "\"}");

            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        }
    }

    @Test
    void anEnumIsNotTakenByItsOrdinal() throws Exception {
        assertThat(admin("POST", "/users", "{\"username\":\"u-" + unique + "\",\"password\":\"s3cret-pass\","
                + "\"roles\":[0],\"departments\":[]}").fields()).containsExactly("roles[0]");
        assertThat(admin("POST", "/product-types", "{\"code\":\"p" + unique + "\",\"trialPolicy\":3}").fields())
                .containsExactly("trialPolicy");
        assertThat(send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":2}").fields()).containsExactly("period");
        assertThat(admin("POST", "/product-types", "{\"code\":\"p" + unique + "\",\"trialPolicy\":\"3\"}").fields())
                .containsExactly("trialPolicy");
    }

    /**
     * A number or a boolean where the API takes text is refused, not stored as its spelling: a tariff group named
     * {@code true}, a provider named {@code 1e+30}, a payment's bank reference {@code 1.5} (which {@code 1.50} would
     * have been too), an order's operating system {@code 1} (paid for, then failed in the module).
     */
    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "1", "-1", "1.5", "1e30", "1e400", "99999999999999999999"})
    void textIsNotReadFromANumberOrABoolean(String value) throws Exception {
        Answer group = admin("POST", "/tariff-groups", "{\"name\":" + value + "}");
        assertThat(group.fields()).containsExactly("name");
        // it said "invalid value '1.0E30'" (or 'Infinity' for 1e400): a value never sent, and not what was wrong
        assertThat(group.json().path("errors").get(0).path("message").asText())
                .isEqualTo("must be text, written in quotes");
        assertThat(admin("POST", "/payments", "{\"clientId\":" + clientId + ",\"amount\":\"1.00\",\"externalId\":"
                + value + "}").fields()).containsExactly("externalId");
        assertThat(send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"params\":{\"os\":" + value + "}}").fields())
                .containsExactly("params.os");
    }

    /**
     * An order's parameter is one line of text for the module: {@code "os": "ubuntu-24.04\t"} was paid for and sent to
     * VMmanager as it was (a free-text parameter, one without choices).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ubuntu-24.04\\t", "ubuntu\\n24.04", "ubuntu\\u001b[2J", "ubuntu\\u0085"})
    void aParameterWithAControlCharacterIsRefusedNamingIt(String value) throws Exception {
        Answer answer = send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":"
                + clientId + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"params\":{\"os\":\"" + value
                + "\"}}");

        assertThat(answer.fields()).containsExactly("params.os");
        assertThat(answer.json().path("errors").get(0).path("message").asText()).contains("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "99999999999999999999", "1.5", "\"\"", "\"   \""})
    void aBooleanIsNotReadFromANumberOrABlank(String value) throws Exception {
        assertThat(admin("POST", "/tariffs", "{\"productType\":\"vds\",\"active\":" + value + "}").fields())
                .containsExactly("active");
        assertThat(admin("POST", "/tariffs", "{\"productType\":\"vds\",\"createAllAddons\":" + value + "}").fields())
                .containsExactly("createAllAddons");
    }

    /** helper-44: "" for a number was read as left out ("groupId": "" put the tariff in no group). */
    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \""})
    void aNumberIsNotReadFromABlank(String value) throws Exception {
        assertThat(admin("POST", "/tariffs", "{\"productType\":\"vds\",\"trialDays\":" + value + "}").fields())
                .contains("trialDays");
        assertThat(admin("POST", "/tariffs", "{\"productType\":\"vds\",\"groupId\":" + value + "}").fields())
                .contains("groupId");
        assertThat(admin("POST", "/payments", "{\"clientId\":" + clientId + ",\"amount\":" + value
                + ",\"externalId\":\"blank-" + unique + "\"}").fields()).containsExactly("amount");
    }

    @Test
    void aKeyWithNulOrALoneSurrogateIsRefusedLikeSuchAValue() throws Exception {
        for (String key : List.of("a\\u0000b", "\\ud800", "x\\udc00")) {
            Answer answer = send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":"
                    + clientId + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"params\":{\"os\":\"ubuntu\",\""
                    + key + "\":\"1\"}}");
            assertThat(answer.status()).as(key).isEqualTo(400);
            assertThat(answer.fields()).as(key).containsExactly("params");
            assertThat(answer.body()).as(key).contains("invalid value");
        }
    }

    @Test
    void aLoneSurrogateIsRefusedLikeNul() throws Exception {
        assertThat(admin("POST", "/tariff-groups", "{\"name\":\"lone \\ud800 surrogate\"}").fields())
                .containsExactly("name");
        assertThat(admin("POST", "/tariff-groups", "{\"name\":\"low first \\udc00\\ud800\"}").fields())
                .containsExactly("name");
        assertThat(send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"params\":{\"os\":\"\\udfff\"}}").fields())
                .containsExactly("params.os");

        Answer pair = admin("POST", "/tariff-groups", "{\"name\":\"pair \\ud83d\\udca5 " + unique + "\"}");
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        assertThat(pair.json().path("name").asText()).isEqualTo("pair \uD83D\uDCA5 " + unique);
    }

    @Test
    void anAmountBeyondWhatIsStoredIs400NamingTheField() throws Exception {
        Answer price = admin("POST", "/tariffs", "{\"productType\":\"vds\",\"providerId\":" + providerId
                + ",\"name\":\"Big " + unique + "\",\"prices\":{\"MONTH\":\"99999999999999999999\"},\"addons\":[{"
                + "\"resource\":\"ram\",\"included\":1,\"prices\":{\"MONTH\":\"1000000000000000000\"}}]}");
        assertThat(price.fields()).containsExactlyInAnyOrder("prices.MONTH", "addons[0].prices.MONTH");
        assertThat(price.json().path("detail").asText()).contains("17 digits before the decimal point");

        Answer payment = admin("POST", "/payments", "{\"clientId\":" + clientId
                + ",\"amount\":\"99999999999999999999\",\"externalId\":\"big-" + unique + "\"}");
        assertThat(payment.fields()).containsExactly("amount");
        assertThat(payment.json().path("detail").asText()).contains("17 digits before the decimal point")
                .doesNotContain("at most 2 decimals");
    }

    @Test
    void aBalancePushedPastWhatIsStoredIs400NotAConflict() throws Exception {
        String big = "{\"clientId\":" + clientId + ",\"amount\":\"99999999999999999.99\",\"externalId\":\"";
        Answer first = admin("POST", "/payments", big + "b1-" + unique + "\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        Answer second = admin("POST", "/payments", big + "b2-" + unique + "\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(400);
        assertThat(second.fields()).containsExactly("amount");
        assertThat(second.json().path("detail").asText()).contains("more than an account can hold");
    }

    @Test
    void aRepeatedQueryParameterIsNamedWithItsValues() throws Exception {
        Answer answer = send("GET", "/tariffs/" + tariffId + "/price?period=abc&period=MONTH", "demo", "demo", null,
                null);

        assertThat(answer.fields()).containsExactly("period");
        assertThat(answer.json().path("detail").asText()).contains("more than once").contains("'abc', 'MONTH'")
                .doesNotContain("[Ljava");
    }

    /**
     * Values that each read well, given twice: Spring took the first of a repeated enum, boolean or date (and joined
     * a repeated text), so {@code ?period=MONTH&period=DAY} priced a month and said nothing of the day.
     */
    @Test
    void aRepeatedParameterOfAnyTypeIsRefusedNotReadAsItsFirstValue() throws Exception {
        Map<String, String> queries = Map.of(
                "/tariffs/" + tariffId + "/price?period=MONTH&period=DAY", "period",
                "/tariffs?active=true&active=false", "active",
                "/tariffs?productType=vds&productType=vds", "productType",
                "/orders?status=PAID&status=CANCELLED", "status",
                "/clients/" + clientId + "/expenses?from=2026-01-01&from=2027-01-01", "from");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Answer answer = send("GET", query.getKey(), "demo", "demo", null, null);

            assertThat(answer.fields()).as(query.getKey()).containsExactly(query.getValue());
            assertThat(answer.json().path("detail").asText()).as(query.getKey()).contains("given more than once");
        }
    }

    /**
     * A page so far on that page × size no longer fits the int offset JPA takes failed with a 500 ("Page offset
     * exceeds Integer.MAX_VALUE") on every paged list; it is a 400 naming {@code page}, as a negative one is.
     */
    @Test
    void aPageBeyondWhatAnOffsetHoldsIs400NamingPage() throws Exception {
        for (String list : new String[] {"/services", "/services/1/journal", "/audit", "/notifications",
                "/clients", "/clients/" + clientId + "/notifications", "/clients/" + clientId + "/expenses",
                "/clients/" + clientId + "/credits", "/payments", "/sync/drifts", "/orders"}) {
            for (String page : new String[] {"2147483647", "1000001", "-1"}) {
                Answer answer = send("GET", list + "?page=" + page, "demo", "demo", null, null);

                assertThat(answer.fields()).as(list + " " + page).containsExactly("page");
                assertThat(answer.json().path("detail").asText()).contains("between 0 and 1000000");
            }
            assertThat(send("GET", list + "?page=1000000", "demo", "demo", null, null).status()).as(list)
                    .isIn(200, 404);
        }
        Answer asClient = send("GET", "/services?page=2147483647&size=200", clientEmail, PASSWORD, null, null);
        assertThat(asClient.fields()).containsExactly("page");
    }

    /**
     * Java reads days of the years up to ±999999999, PostgreSQL's date stops at 5874897: such a holiday or expense
     * filter failed in the database (SQLState 22008) and was answered 409 "conflicts with existing data", the GET too.
     */
    @Test
    void aDayBeyondWhatPostgresqlHoldsIs400NamingTheField() throws Exception {
        for (String day : new String[] {"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "0000-12-31"}) {
            Answer calendar = admin("POST", "/calendars", "{\"providerId\":" + providerId + ",\"timeZone\":\"UTC\","
                    + "\"weekendDays\":[],\"holidays\":[{\"date\":\"" + day + "\",\"name\":\"Far\"}]}");
            assertThat(calendar.fields()).as(day).containsExactly("holidays[0].date");
            assertThat(calendar.json().path("detail").asText()).contains("between 0001-01-01 and 9999-12-31");

            String query = day.replace("+", "%2B");
            assertThat(send("GET", "/clients/" + clientId + "/expenses?from=" + query, "demo", "demo", null, null)
                    .fields()).as(day).containsExactly("from");
            assertThat(send("GET", "/clients/" + clientId + "/expenses?to=" + query, clientEmail, PASSWORD, null,
                    null).fields()).as(day).containsExactly("to");
        }
        assertThat(send("GET", "/clients/" + clientId + "/expenses?from=0001-01-01&to=9999-12-31", "demo", "demo",
                null, null).status()).isEqualTo(200);
    }

    /**
     * A name of only invisible characters (a right-to-left override and a byte order mark, a zero-width space, a
     * no-break space, a Hangul filler) was taken and listed as an empty cell; so was a staff user's first name " ".
     */
    @Test
    void aNameWithoutAVisibleCharacterIs400NamingIt() throws Exception {
        for (String name : new String[] {"\\u2060\\ufeff", "\\u200b", "\\u00a0\\u200d", "\\u3164"}) {
            Map<String, String> creates = Map.of(
                    "/datacenters", "{\"name\":\"" + name + "\"}",
                    "/providers", "{\"name\":\"" + name + "\",\"currency\":\"EUR\"}",
                    "/tariff-groups", "{\"name\":\"" + name + "\"}",
                    "/departments", "{\"name\":\"" + name + "\",\"key\":\"v" + unique + "\"}",
                    "/tariffs", "{\"productType\":\"vds\",\"providerId\":" + providerId + ",\"name\":\"" + name
                            + "\"}",
                    "/clients", "{\"name\":\"" + name + "\",\"providerId\":" + providerId + "}",
                    "/clients/" + clientId + "/credits", "{\"amount\":\"1.00\",\"description\":\"" + name + "\"}");
            for (Map.Entry<String, String> create : creates.entrySet()) {
                Answer answer = admin("POST", create.getKey(), create.getValue());

                assertThat(answer.fields()).as(create.getKey() + " " + name)
                        .containsExactly(create.getKey().endsWith("credits") ? "description" : "name");
                assertThat(answer.json().path("detail").asText()).contains("must contain a visible character");
            }
            Answer holiday = admin("POST", "/calendars", "{\"providerId\":" + providerId + ",\"timeZone\":\"UTC\","
                    + "\"weekendDays\":[],\"holidays\":[{\"date\":\"2030-01-01\",\"name\":\"" + name + "\"}]}");
            assertThat(holiday.fields()).as(name).containsExactly("holidays[0].name");
        }
        for (String firstName : new String[] {" ", "\\u200b"}) {
            Answer staff = admin("POST", "/users", "{\"username\":\"v-" + unique + "\",\"password\":\"s3cret-pass\","
                    + "\"firstName\":\"" + firstName + "\",\"lastName\":\"\\ufeff\",\"roles\":[\"ADMIN\"]}");
            assertThat(staff.fields()).as(firstName).containsExactlyInAnyOrder("firstName", "lastName");
        }
        // a blank required name is still named once, as before
        assertThat(admin("POST", "/tariff-groups", "{\"name\":\"  \"}").json().path("errors").toString())
                .contains("must not be blank").doesNotContain("visible");

        for (String name : new String[] {"\\u200bZ\\u200b " + unique, "\\ud83d\\ude80 " + unique,
                "\\u0416 " + unique}) {
            Answer group = admin("POST", "/tariff-groups", "{\"name\":\"" + name + "\"}");
            assertThat(group.status()).as(group.body()).isEqualTo(201);
        }
        Answer anna = admin("POST", "/users", "{\"username\":\"v-" + unique + "\",\"password\":\"s3cret-pass\","
                + "\"firstName\":\" Anna\",\"roles\":[\"ADMIN\"]}");
        assertThat(anna.status()).as(anna.body()).isEqualTo(201);
        admin("DELETE", "/users/v-" + unique, null);
        // an optional name sent empty, as forms send a field left empty, is no name: not refused
        Answer unnamed = admin("POST", "/users", "{\"username\":\"e-" + unique + "\",\"password\":\"s3cret-pass\","
                + "\"firstName\":\"\",\"lastName\":\"\",\"roles\":[\"ADMIN\"]}");
        assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(201);
        admin("DELETE", "/users/e-" + unique, null);
    }

    /**
     * A text-direction override in a name turned the e-mail address shown beside it around ("name &lt;email&gt;" on
     * the console's pages; helper-43); the plain right-to-left mark stays allowed.
     */
    @Test
    void aNameWithATextDirectionOverrideIs400NamingIt() throws Exception {
        for (String name : new String[] {"Anna \\u202egro.live", "\\u2067Anna\\u2069"}) {
            Answer client = admin("POST", "/clients", "{\"name\":\"" + name + "\",\"providerId\":" + providerId + "}");
            assertThat(client.fields()).as(name).containsExactly("name");
            assertThat(client.json().path("detail").asText()).contains("text-direction");
        }
        Answer hebrew = admin("POST", "/tariff-groups", "{\"name\":\"\\u05d0\\u200f " + unique + "\"}");
        assertThat(hebrew.status()).as(hebrew.body()).isEqualTo(201);
    }

    /**
     * The identifiers HostFlow hands on to the module (a data center's external id, a tariff's template, the module's
     * login and cluster) took line breaks and control characters: a tariff's template "a\nb" became the name of a
     * preset in VMmanager, a module's login "admin\r\nx" was tried there. They are one line now, as names are.
     */
    @Test
    void aLineBreakOrControlCharacterInAnIdentifierForTheModuleIs400NamingIt() throws Exception {
        Answer dataCenter = admin("POST", "/datacenters",
                "{\"name\":\"DC " + unique + "\",\"externalId\":\"a\\u001bb\"}");
        assertThat(dataCenter.fields()).containsExactly("externalId");
        assertThat(dataCenter.json().path("detail").asText()).contains("one line");

        Answer tariff = admin("POST", "/tariffs", "{\"productType\":\"vds\",\"providerId\":" + providerId
                + ",\"name\":\"T " + unique + "\",\"template\":\"vps\\nb\"}");
        assertThat(tariff.fields()).containsExactly("template");

        Answer module = admin("POST", "/processing-modules",
                "{\"productType\":\"vds\",\"moduleType\":\"vmmanager6\",\"name\":\"M " + unique + "\","
                + "\"integration\":{\"url\":\"http://localhost:" + port + "/simulator/vmmanager6\","
                + "\"username\":\"admin@example.com\\r\\nx\",\"password\":\"secret\"},"
                + "\"settings\":{\"cluster\":\"1\\t2\"},\"queue\":{\"runInQueue\":false}}");
        assertThat(module.fields()).containsExactlyInAnyOrder("integration.username", "settings.cluster");
    }

    /** Content after the JSON value was ignored: the first object was created, whatever followed it. */
    @Test
    void contentAfterTheJsonValueIsBrokenJsonAndNothingIsCreated() throws Exception {
        for (String rest : new String[] {" {\"name\":\"second\"}", "garbage", "]", " 1"}) {
            Answer answer = admin("POST", "/tariff-groups", "{\"name\":\"Trailing " + unique + "\"}" + rest);

            assertThat(answer.status()).as(rest + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).as(rest).contains("JSON");
        }
        assertThat(admin("GET", "/tariff-groups", null).body()).doesNotContain("Trailing " + unique);
        Answer trailingSpace = admin("POST", "/tariff-groups", "{\"name\":\"Trailing " + unique + "\"}\r\n ");
        assertThat(trailingSpace.status()).as(trailingSpace.body()).isEqualTo(201);
    }

    @Test
    void aLongInvalidValueIsEchoedShortened() throws Exception {
        Answer answer = send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":\"" + "X".repeat(100_000) + "\"}");

        assertThat(answer.fields()).containsExactly("period");
        assertThat(answer.body().length()).isLessThan(2_000);
        assertThat(answer.json().path("errors").get(0).path("message").asText()).contains("X".repeat(100) + "…");
    }

    /**
     * The refusals written outside Spring MVC's handlers (a method the path does not take, no login, a forbidden
     * path, a rejected path, a NUL in the query) carried no {@code instance}, unlike every other problem.
     */
    @Test
    void everyProblemNamesTheRequestedPathAsItsInstance() throws Exception {
        Answer notAllowed = send("PATCH", "/orders", "demo", "demo", "application/json", "{}");
        Answer noLogin = send("GET", "/clients", null, null, null, null);
        Answer wrongLogin = send("GET", "/clients", "demo", "wrong", null, null);
        Answer nul = send("GET", "/clients?name=%00", "demo", "demo", null, null);
        Answer rejected = send("GET", "/clients/%2e%2e/x", "demo", "demo", null, null);
        Answer longPath = send("PUT", "/orders/" + "y".repeat(500), "demo", "demo", "application/json", "{}");

        assertThat(List.of(notAllowed.status(), noLogin.status(), wrongLogin.status(), nul.status(),
                rejected.status(), longPath.status())).containsExactly(405, 401, 401, 400, 400, 405);
        assertThat(notAllowed.json().path("instance").asText()).isEqualTo("/api/v1/orders");
        assertThat(noLogin.json().path("instance").asText()).isEqualTo("/api/v1/clients");
        assertThat(wrongLogin.json().path("instance").asText()).isEqualTo("/api/v1/clients");
        assertThat(nul.json().path("instance").asText()).isEqualTo("/api/v1/clients");
        assertThat(rejected.json().path("instance").asText()).startsWith("/api/v1/clients/");
        assertThat(longPath.json().path("instance").asText()).startsWith("/api/v1/orders/yyy").endsWith("y…")
                .hasSize(101);
        for (Answer answer : List.of(notAllowed, noLogin, wrongLogin, nul, rejected, longPath)) {
            assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).as(answer.body()).isNotBlank();
        }
    }

    /**
     * A 404 or 412 quoted the whole path id or If-Match value: a 6000-character one made a 12 KB answer. Cut to 100
     * characters ending in "…", as a 400 quotes a value.
     */
    @Test
    void aLongIdOrIfMatchIsQuotedShortenedIn404And412() throws Exception {
        String id = "x".repeat(6000);
        for (String path : new String[] {"/product-types/" + id, "/users/" + id, "/module-types/" + id,
                "/nowhere/" + id}) {
            Answer answer = send("GET", path, "demo", "demo", null, null);

            assertThat(answer.status()).as(path.substring(0, 20)).isEqualTo(404);
            assertThat(answer.body().length()).as(answer.body().replace(id, "<id>")).isLessThan(1_000);
            assertThat(answer.json().path("detail").asText()).contains("x".repeat(50)).endsWith(
                    path.startsWith("/nowhere") ? "…" : "… not found").doesNotContain("x".repeat(101));
            assertThat(answer.json().path("instance").asText()).startsWith("/api/v1/").endsWith("x…").hasSize(101);
        }
        Answer badId = send("GET", "/tariff-groups/" + id, "demo", "demo", null, null);
        assertThat(badId.fields()).containsExactly("id");
        assertThat(badId.body().length()).as(badId.body().replace(id, "<id>")).isLessThan(1_000);

        Answer group = admin("POST", "/tariff-groups", "{\"name\":\"Precondition " + unique + "\"}");
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/tariff-groups/" + group.json().path("id").asLong()))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Stale " + unique + "\"}"))
                .header("Content-Type", "application/json").header("If-Match", "\"" + "7".repeat(6000) + "\"")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(stale.body().length()).isLessThan(1_000);
        assertThat(JSON.readTree(stale.body()).path("detail").asText()).contains("7".repeat(50) + "…")
                .doesNotContain("7".repeat(101));
    }

    @Test
    void aHundredThousandUnknownAddOnsAnswerASmall400() throws Exception {
        String addons = IntStream.range(0, 100_000).mapToObj(i -> "\"r" + i + "\":1")
                .collect(Collectors.joining(","));
        Answer answer = send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"addons\":{" + addons + "}}");

        assertThat(answer.fields()).hasSize(ProblemText.MAX_LISTED).allMatch(f -> f.startsWith("addons.r"));
        assertThat(answer.json().path("detail").asText()).containsPattern("and \\d+ more problems$");
        assertThat(answer.body().length()).isLessThan(10_000);
    }

    /**
     * Nothing bounded a JSON body: a client's order of 60 MB was read whole, its strings kept, before the 400. A body
     * over 2 MiB is a 413 naming {@code body}, refused by its length unread, or once 2 MiB were read when it comes
     * without a length (chunked); nothing is ordered.
     */
    @Test
    void aBodyOverTwoMebibytesIs413NamingTheBodyWithOrWithoutALength() throws Exception {
        byte[] body = ("{\"clientId\":" + clientId + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"params\":"
                + "{\"os\":\"" + "x".repeat(RequestBodyLimit.MAX_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher withLength = HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers
                .ofInputStream(() -> new java.io.ByteArrayInputStream(body));
        for (HttpRequest.BodyPublisher publisher : List.of(withLength, chunked)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                    .expectContinue(true).POST(publisher).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((clientEmail + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("body");
            assertThat(problem.path("detail").asText()).contains("at most 2097152 bytes");
        }
        assertThat(send("GET", "/orders?clientId=" + clientId, "demo", "demo", null, null).json().path("content"))
                .isEmpty();
    }

    /** A number too large for an add-on names the add-on, as a query's does (helper-43: it named only "addons"). */
    @Test
    void anAddOnValueBeyondAnyNumberIs400NamingTheAddOn() throws Exception {
        Answer answer = send("POST", "/orders", clientEmail, PASSWORD, "application/json", "{\"clientId\":" + clientId
                + ",\"tariffId\":" + tariffId + ",\"period\":\"MONTH\",\"addons\":{\"ram\":99999999999999999999}}");

        assertThat(answer.fields()).as(answer.body()).containsExactly("addons.ram");
        assertThat(answer.body()).contains("out of range");
    }

    /** Spring joined two keys into one ("k1,k2"), which matched neither the first request nor a retry of it. */
    @Test
    void anIdempotencyKeySentTwiceIsRefusedAndNothingIsDone() throws Exception {
        HttpResponse<String> twice = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/clients/" + clientId + "/credits"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"1.00\",\"description\":\"twice-" + unique
                        + "\"}"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k1-" + unique)
                .header("Idempotency-Key", "k2-" + unique)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(JSON.readTree(twice.body()).path("errors").findValuesAsText("field"))
                .containsExactly("Idempotency-Key");
        assertThat(admin("GET", "/clients/" + clientId + "/credits", null).body()).doesNotContain("twice-" + unique);
    }

    private Answer admin(String method, String path, String body) throws Exception {
        return send(method, path, "demo", "demo", "application/json", body);
    }

    private Answer send(String method, String path, String user, String password, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }
}
