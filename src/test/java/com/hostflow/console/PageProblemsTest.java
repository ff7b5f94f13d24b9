package com.hostflow.console;

import static com.hostflow.console.ConsoleSecurityTest.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProcessingModuleView;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeRepository;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TrialPolicy;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.web.IfMatch;
import com.hostflow.security.SecretCipher;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * Failures on the pages over plain HTTP with a session: a missing or another client's service, a bad id or enum value
 * answer the HTML problem page with 404 or 400 (never a 500 or JSON; the order form's live price, which the page's
 * script reads as data, answers a problem JSON), and a form field with a NUL character is
 * refused before any order is placed; a payment a service fails to hear is listed on the overview.
 */
@IntegrationTest
class PageProblemsTest {

    private static final String PASSWORD = "page-problems-1";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate template;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProviderService providers;
    @Autowired
    DataCenterService dataCenters;
    @Autowired
    ProcessingModuleService modules;
    @Autowired
    SecretCipher cipher;
    @Autowired
    TariffService tariffs;
    @Autowired
    ProductTypeService productTypes;
    @Autowired
    ProductTypeRepository productTypeRows;
    @Autowired
    ProcessingModuleRepository moduleRows;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ClientService clients;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    ServiceRepository services;
    @Autowired
    Clock clock;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    TestRestTemplate http;

    @BeforeEach
    void noRedirects() {
        http = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    @Test
    void aMissingOrAnotherClientsServiceIsA404PageAndBadInputA400Page() {
        long providerId = providers.create(new ProviderForm("Problems hosting " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId);
        client("owner", providerId);
        String owner = login("owner-" + unique + "@example.com");
        ResponseEntity<String> ordered = post(owner, "/my/order/" + tariffId, orderForm(owner, tariffId, "ubuntu"));
        assertThat(ordered.getStatusCode().value()).as(ordered.getBody()).isEqualTo(302);
        String servicePath = ordered.getHeaders().getLocation().getPath();
        assertThat(servicePath).startsWith("/my/services/");
        assertThat(get(owner, servicePath).getStatusCode().value()).isEqualTo(200);

        client("other", providerId);
        String other = login("other-" + unique + "@example.com");
        ResponseEntity<String> foreign = get(other, servicePath);
        assertProblemPage(foreign, 404);
        assertThat(foreign.getBody()).doesNotContain("ubuntu", "owner-" + unique);
        assertProblemPage(get(other, "/my/services/999999999"), 404);
        assertProblemPage(get(other, "/my/services/abc"), 400);
        assertProblemPage(post(other, servicePath + "/prolong", withCsrf(other, Map.of("period", "MONTH"))), 404);
        assertProblemPage(get(other, servicePath + "/credentials"), 404);
        assertProblemPage(post(other, servicePath + "/reset-password", withCsrf(other, Map.of())), 404);
        ResponseEntity<String> badPeriod = post(owner, servicePath + "/prolong",
                withCsrf(owner, Map.of("period", "abc")));
        assertProblemPage(badPeriod, 400);
        assertThat(badPeriod.getBody()).as("the field, not the address").contains("field &#39;period&#39;");
        assertProblemPage(post(owner, "/my/order/99999999999999999999", withCsrf(owner, Map.of("period", "MONTH"))),
                400);

        // the order form's script asks for its live price as data: a problem as the API answers it, not a page
        ResponseEntity<String> unknownPrice = get(owner, "/my/order/999999999/price?period=MONTH");
        assertThat(unknownPrice.getStatusCode().value()).as(unknownPrice.getBody()).isEqualTo(404);
        assertThat(unknownPrice.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(unknownPrice.getBody()).isTrue();
        assertThat(unknownPrice.getBody()).contains("\"status\":404", "tariff 999999999");

        String admin = login("demo", "demo");
        assertProblemPage(get(admin, "/console/services/999999999"), 404);
        assertProblemPage(get(admin, "/console/clients/999999999"), 404);

        // an address no page answers (a typo, a form's address opened as a page): the problem page in the layout,
        // not the API's JSON problem nor the container's bare 405 page
        ResponseEntity<String> unknown = get(owner, "/my/no-such-page");
        assertProblemPage(unknown, 404);
        assertThat(unknown.getBody()).contains("id=\"logout\"", "/my/no-such-page");
        assertProblemPage(get(owner, servicePath + "/change"), 404);
        assertProblemPage(get(admin, "/console/no-such-page"), 404);
        assertProblemPage(get(admin, "/console/services/999999999/prolong"), 404);
        ResponseEntity<String> slash = get(admin, "/console/services/");
        assertThat(slash.getStatusCode().value()).isEqualTo(302);
        assertThat(slash.getHeaders().getLocation().getPath()).isEqualTo("/console/services");
    }

    /**
     * The console's lists take any page number from their links: below 0 the first page, far past the end an empty
     * one. page=2147483647 was a 500 (the offset page × size overflowed what JPA or an int takes).
     */
    @Test
    void aListPageFarPastTheEndIsAnEmptyPageNotA500() {
        String admin = login("demo", "demo");
        for (String list : new String[] {"/console/services", "/console/clients", "/console/audit"}) {
            for (String page : new String[] {"2147483647", "1000001", "-1"}) {
                ResponseEntity<String> answer = get(admin, list + "?page=" + page);

                assertThat(answer.getStatusCode().value()).as(list + " " + page + ": " + answer.getBody())
                        .isEqualTo(200);
            }
        }
        assertThat(get(admin, "/console/services?page=2147483647").getBody()).doesNotContain("/console/services/");
        // an empty list is one page, not "Page 1 of 0"
        assertThat(get(admin, "/console/audit?entity=nothing-" + unique).getBody()).contains("Page 1 of 1")
                .doesNotContain("of 0");
    }

    /**
     * Field names a catalog form's object cannot take (a row index that is no number or past the 256 rows a list
     * grows to, an index on a plain field) failed in Spring's binding with a 500; they are a 400 page naming the
     * field. A blank period choice ({@code orderPeriods= }) was bound as null and failed too: it is no choice.
     */
    @Test
    void aFieldNameTheFormCannotTakeIsA400PageNamingItNotA500() {
        String admin = login("demo", "demo");
        String[][] posts = {{"/console/product-types/new", "resources[abc].code"},
                {"/console/product-types/new", "resources[300].code"},
                {"/console/product-types/new", "resources[-1].code"},
                {"/console/product-types/new", "resources[99999999999].code"},
                {"/console/product-types/new", "resources[0].code[0]"},
                {"/console/tariffs/new", "addons[abc].min"},
                {"/console/datacenters/new", "name[0]"}};
        for (String[] post : posts) {
            ResponseEntity<String> answer = post(admin, post[0], withCsrf(admin, post[0], Map.of(post[1], "x")));

            assertProblemPage(answer, 400);
            assertThat(answer.getBody()).as(post[1]).contains("field &#39;" + post[1].replaceAll("\\.[^.\\[]+$", ""));
        }
        // without a code and name: the form comes back with their messages, nothing is created
        ResponseEntity<String> blankPeriod = post(admin, "/console/product-types/new",
                withCsrf(admin, "/console/product-types/new", Map.of("orderPeriods", " ")));
        assertThat(blankPeriod.getStatusCode().value()).as(blankPeriod.getBody()).isEqualTo(200);
        assertThat(blankPeriod.getBody()).doesNotContain("Something went wrong");
        assertThat(fieldErrors(blankPeriod, "code")).contains("must not be blank");
        assertThat(fieldErrors(blankPeriod, "name")).contains("must not be blank");
    }

    /**
     * One submit shows every field's problem: the bean constraints' (a blank name) and the service's own checks (an
     * image URL that is no address, a module URL that is not http, a processing module that does not exist) at once.
     * The service's came only after the others were fixed.
     */
    @Test
    void oneSubmitOfADataCenterShowsEveryFieldsProblem() {
        String admin = login("demo", "demo");
        ResponseEntity<String> dataCenter = post(admin, "/console/datacenters/new", withCsrf(admin,
                "/console/datacenters/new", Map.of("name", " ", "iconKind", "IMAGE", "imageUrl", "javascript:x")));
        assertThat(dataCenter.getStatusCode().value()).as(dataCenter.getBody()).isEqualTo(200);
        assertThat(fieldErrors(dataCenter, "name")).contains("must not be blank");
        assertThat(fieldErrors(dataCenter, "icon.imageUrl")).contains("must be an http(s):// address");
    }

    @Test
    void oneSubmitOfAModuleShowsEveryFieldsProblem() {
        String admin = login("demo", "demo");
        ResponseEntity<String> module = post(admin, "/console/modules/new", withCsrf(admin, "/console/modules/new",
                Map.of("productType", "vds", "moduleType", "vmmanager6", "name", "", "integration.url", "ftp://vm")));
        assertThat(module.getStatusCode().value()).as(module.getBody()).isEqualTo(200);
        assertThat(fieldErrors(module, "name")).contains("must not be blank");
        assertThat(fieldErrors(module, "integration.url")).contains("must be an http or https URL");
    }

    @Test
    void oneSubmitOfATariffShowsEveryFieldsProblem() {
        String admin = login("demo", "demo");
        long providerId = providers.create(new ProviderForm("One round " + unique, "EUR")).id();
        ResponseEntity<String> tariff = post(admin, "/console/tariffs/new", withCsrf(admin,
                "/console/tariffs/new?productType=vds", Map.of("productType", "vds", "providerId",
                        String.valueOf(providerId), "name", "", "processingModuleIds", "987654321")));
        assertThat(tariff.getStatusCode().value()).as(tariff.getBody()).isEqualTo(200);
        assertThat(fieldErrors(tariff, "name")).contains("must not be blank");
        assertThat(tariff.getBody()).contains("unknown processing module 987654321");
    }

    /** The second typing of the new password is checked with the rest, not before it. */
    @Test
    void oneSubmitOfThePasswordPageShowsEveryFieldsProblem() {
        client("round", providers.create(new ProviderForm("Password round " + unique, "EUR")).id());
        String client = login("round-" + unique + "@example.com");
        ResponseEntity<String> password = post(client, "/my/password", withCsrf(client, "/my/password", Map.of(
                "currentPassword", "not-the-password", "newPassword", "round-new-1", "newPasswordAgain", "round-new-2")));
        assertThat(password.getStatusCode().value()).as(password.getBody()).isEqualTo(200);
        assertThat(fieldErrors(password, "currentPassword")).contains("is not your current password");
        assertThat(fieldErrors(password, "newPasswordAgain")).contains("does not match the new password");
        // a new password too short did not let the current one be checked: it came wrong in the next round
        ResponseEntity<String> tooShort = post(client, "/my/password", withCsrf(client, "/my/password", Map.of(
                "currentPassword", "not-the-password", "newPassword", "short", "newPasswordAgain", "short")));
        assertThat(tooShort.getStatusCode().value()).as(tooShort.getBody()).isEqualTo(200);
        assertThat(fieldErrors(tooShort, "currentPassword")).contains("is not your current password");
        assertThat(fieldErrors(tooShort, "newPassword")).contains("from 8 to 128 characters");
    }

    /** The messages shown beside a field. */
    private static String fieldErrors(ResponseEntity<String> page, String field) {
        String html = page.getBody();
        int at = html.indexOf("data-errors-for=\"" + field + "\"");
        assertThat(at).as("the field " + field + " in " + html).isNotNegative();
        return html.substring(at, html.indexOf("</div>", at));
    }

    /** A name of only invisible characters comes back beside its field, as the API refuses it, and is not saved. */
    @Test
    void aNameWithoutAVisibleCharacterComesBackBesideItsField() {
        String admin = login("demo", "demo");
        String invisible = "\u2060\ufeff";
        ResponseEntity<String> answer = post(admin, "/console/datacenters/new", withCsrf(admin,
                "/console/datacenters/new", Map.of("name", invisible, "iconKind", "NONE")));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        assertThat(answer.getBody()).contains("must contain a visible character");
        assertThat(dataCenters.list()).noneMatch(d -> d.name().equals(invisible));
    }

    @Test
    void anOrderFormSubmittedTwiceOrdersOnce() {
        long providerId = providers.create(new ProviderForm("Twice hosting " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId);
        long clientId = client("twice", providerId);
        String session = login("twice-" + unique + "@example.com");
        MultiValueMap<String, String> form = orderForm(session, tariffId, "ubuntu");
        assertThat(form.getFirst("orderKey")).as("the page's one-time key").isNotBlank();

        ResponseEntity<String> first = post(session, "/my/order/" + tariffId, form);
        assertThat(get(session, first.getHeaders().getLocation().getPath()).getBody()).contains("Order placed");
        ResponseEntity<String> second = post(session, "/my/order/" + tariffId, form);

        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(302);
        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(302);
        assertThat(second.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(get(session, second.getHeaders().getLocation().getPath()).getBody())
                .contains("This order was placed already");
        assertThat(count("select count(*) from hostflow.service where client_id = ?", clientId)).isEqualTo(1);
        MultiValueMap<String, String> freshPage = orderForm(session, tariffId, "ubuntu");
        assertThat(freshPage.getFirst("orderKey")).as("a new page, a new key").isNotEqualTo(form.getFirst("orderKey"));
        assertThat(post(session, "/my/order/" + tariffId, freshPage).getStatusCode().value()).isEqualTo(302);
        assertThat(count("select count(*) from hostflow.service where client_id = ?", clientId)).isEqualTo(2);
    }

    /**
     * A form sent, brought back with the browser's Back button (its one-time key with it), changed and sent again:
     * nothing more is ordered, and the page says to open the form again, where it said that the "Idempotency-Key"
     * was used for another request and to use a new key (no page has that header, and the client has no key to
     * choose).
     */
    @Test
    void aFormSentAgainWithOtherValuesSaysToOpenItAgain() {
        PaidShopper shopper = paidShopper("back");
        MultiValueMap<String, String> form = orderForm(shopper.session(), shopper.tariffId(), "ubuntu");
        assertThat(post(shopper.session(), "/my/order/" + shopper.tariffId(), form).getStatusCode().value())
                .isEqualTo(302);
        form.set("params[os]", "debian");

        ResponseEntity<String> again = post(shopper.session(), "/my/order/" + shopper.tariffId(), form);

        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(200);
        assertThat(again.getBody()).contains(PageForms.SENT_BEFORE).doesNotContain("Idempotency-Key");
        assertThat(count("select count(*) from hostflow.service where client_id = ?", shopper.clientId()))
                .isEqualTo(1);
    }

    /** A page's one-time key no Idempotency-Key could be is its form's field's problem: no form has that header. */
    @Test
    void aBadOneTimeKeyNamesTheFormsField() {
        PaidShopper shopper = paidShopper("badkey");
        MultiValueMap<String, String> form = orderForm(shopper.session(), shopper.tariffId(), "ubuntu");
        form.set("orderKey", "k".repeat(101));

        ResponseEntity<String> refused = post(shopper.session(), "/my/order/" + shopper.tariffId(), form);

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(200);
        assertThat(refused.getBody()).contains("orderKey: must be 1 to 100 visible ASCII characters")
                .doesNotContain("Idempotency-Key");
        assertThat(count("select count(*) from hostflow.service where client_id = ?", shopper.clientId())).isZero();

        // the console's credit form, too
        String admin = login("demo", "demo");
        String clientPage = "/console/clients/" + shopper.clientId();
        ResponseEntity<String> credit = post(admin, clientPage + "/credits", withCsrf(admin, clientPage,
                Map.of("amount", "1.00", "description", "Goodwill", "creditKey", "k".repeat(101))));
        assertThat(credit.getStatusCode().value()).as(credit.getBody()).isEqualTo(200);
        assertThat(credit.getBody()).contains("creditKey: must be 1 to 100 visible ASCII characters")
                .doesNotContain("Idempotency-Key");
        assertThat(count("select count(*) from hostflow.credit where client_id = ?", shopper.clientId())).isZero();
    }

    /**
     * An order page left open while an admin raised the tariff's price (or a click faster than the live price): the
     * order places nothing and says the new amount, where it used to charge the new price the client never saw; the
     * form shown again with that price orders at it.
     */
    @Test
    void anOrderPlacedAfterItsPriceChangedChargesNothingAndSaysTheNewAmount() {
        PaidShopper shopper = paidShopper("reorder");
        MultiValueMap<String, String> form = orderForm(shopper.session(), shopper.tariffId(), "ubuntu");
        assertThat(form.getFirst("shownAmount")).as("the price the page shows").isEqualTo("10.00");
        long moduleId = tariffs.get(shopper.tariffId()).processingModuleIds().get(0);
        TariffForm raised = vpsTariffForm(shopper.providerId(), 0, moduleId, "2.00");
        tariffs.update(shopper.tariffId(), new TariffForm(raised.productType(), raised.providerId(),
                raised.groupId(), raised.name(), raised.active(), raised.processingModuleIds(), raised.template(),
                raised.createAllAddons(), raised.defaultDomainTemplate(),
                Map.of(Period.MONTH, new BigDecimal("15.00")), raised.trialDays(), raised.addons()), IfMatch.ANY);

        ResponseEntity<String> refused = post(shopper.session(), "/my/order/" + shopper.tariffId(), form);

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(200);
        assertThat(refused.getBody()).contains("this order now costs 15.00 EUR, not the 10.00 shown")
                .contains("id=\"price-amount\">15.00<");
        assertThat(count("select count(*) from hostflow.service where client_id = ?", shopper.clientId())).isZero();
        assertThat(jdbc.queryForObject("select balance::text from hostflow.account where client_id = ?",
                String.class, shopper.clientId())).isEqualTo("100.00");

        MultiValueMap<String, String> again = orderForm(shopper.session(), shopper.tariffId(), "ubuntu");
        assertThat(again.getFirst("shownAmount")).isEqualTo("15.00");
        assertThat(post(shopper.session(), "/my/order/" + shopper.tariffId(), again).getStatusCode().value())
                .isEqualTo(302);
        assertThat(jdbc.queryForObject("select amount::text from hostflow.service_order where client_id = ?",
                String.class, shopper.clientId())).isEqualTo("15.00");
    }

    @Test
    void aProlongFormSubmittedTwiceProlongsOnce() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("prolong");
        String session = ordered.session();
        String servicePath = ordered.servicePath();
        long serviceId = ordered.serviceId();
        long clientId = ordered.clientId();
        SimulatedVps vps = ordered.vps();
        MultiValueMap<String, String> form = withCsrf(session, servicePath, Map.of("period", "MONTH",
                "requestKey", requestKey(get(session, servicePath).getBody())));
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", clientId);

        ResponseEntity<String> first = post(session, servicePath + "/prolong", form);
        // the page answers before the prolongation has charged: it says what will happen, not that it has
        assertThat(get(session, servicePath).getBody()).contains("Prolongation requested: the period will be charged"
                + " from your balance", "you get an e-mail").doesNotContain("the period is charged");
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<String> second = post(session, servicePath + "/prolong", form);

        assertThat(first.getStatusCode().value()).isEqualTo(302);
        assertThat(second.getStatusCode().value()).isEqualTo(302);
        assertThat(get(session, servicePath).getBody()).contains("This prolongation was requested already");
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId) - chargesBefore)
                .as("one more period charged").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.request_key where client_id = ?"
                + " and kind = 'prolong'", Long.class, clientId)).isEqualTo(1);
    }

    /**
     * A service page left open while an admin raised the tariff's price: its prolong form charges nothing and says
     * the new amount (it charged the new price, never shown); the page then offers the period at the new price.
     */
    @Test
    void aProlongationAfterItsPriceChangedChargesNothingAndSaysTheNewAmount() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("reprolong");
        String session = ordered.session();
        String servicePath = ordered.servicePath();
        String page = get(session, servicePath).getBody();
        Matcher shown = Pattern.compile("name=\"shownAmount\\[MONTH]\" value=\"([^\"]*)\"").matcher(page);
        assertThat(shown.find()).as("the price the page shows for a MONTH").isTrue();
        assertThat(shown.group(1)).isEqualTo("10.00");
        MultiValueMap<String, String> form = withCsrf(session, servicePath, Map.of("period", "MONTH",
                "requestKey", requestKey(page), "shownAmount[MONTH]", shown.group(1)));
        long tariffId = jdbc.queryForObject("select tariff_id from hostflow.service where id = ?", Long.class,
                ordered.serviceId());
        TariffForm raised = vpsTariffForm(tariffs.get(tariffId).providerId(), 0,
                tariffs.get(tariffId).processingModuleIds().get(0), "2.00");
        tariffs.update(tariffId, new TariffForm(raised.productType(), raised.providerId(), raised.groupId(),
                raised.name(), raised.active(), raised.processingModuleIds(), raised.template(),
                raised.createAllAddons(), raised.defaultDomainTemplate(),
                Map.of(Period.MONTH, new BigDecimal("15.00")), raised.trialDays(), raised.addons()), IfMatch.ANY);

        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", ordered.clientId());
        assertThat(post(session, servicePath + "/prolong", form).getStatusCode().value()).isEqualTo(302);

        String after = get(session, servicePath).getBody();
        assertThat(after).contains("this prolongation now costs 15.00, not the 10.00 shown")
                .contains("name=\"shownAmount[MONTH]\" value=\"15.00\"");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.request_key where client_id = ?"
                + " and kind = 'prolong'", Long.class, ordered.clientId())).isZero();
        ordered.vps().awaitProcessesEnded(ordered.serviceId());
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", ordered.clientId()))
                .as("the order's charge only").isEqualTo(chargesBefore);
    }

    /** The console's prolong form, sent twice (a double click, a reload of the POST), charges the client once. */
    @Test
    void anAdminsProlongFormSubmittedTwiceProlongsOnce() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("admin-prolong");
        long serviceId = ordered.serviceId();
        long clientId = ordered.clientId();
        String admin = login("demo", "demo");
        String servicePath = "/console/services/" + serviceId;
        // the prolong form's fields as the page has them
        MultiValueMap<String, String> form = withCsrf(admin, servicePath, Map.of("period", "MONTH"));
        Matcher key = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"").matcher(get(admin, servicePath)
                .getBody());
        if (key.find()) {
            form.add("requestKey", key.group(1));
        }
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", clientId);

        ResponseEntity<String> first = post(admin, servicePath + "/prolong", form);
        assertThat(get(admin, servicePath).getBody()).contains("Prolongation requested.");
        ordered.vps().awaitProcessesEnded(serviceId);
        ResponseEntity<String> second = post(admin, servicePath + "/prolong", form);
        ordered.vps().awaitProcessesEnded(serviceId);

        assertThat(first.getStatusCode().value()).isEqualTo(302);
        assertThat(second.getStatusCode().value()).isEqualTo(302);
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId) - chargesBefore)
                .as("one more period charged").isEqualTo(1);
        assertThat(jdbc.queryForObject("select balance::text from hostflow.account where client_id = ?",
                String.class, clientId)).as("100.00 paid in, two months of 10.00").isEqualTo("80.00");
        assertThat(get(admin, servicePath).getBody()).contains("This prolongation was requested already");
    }

    @Test
    void aChangeConfirmFormSubmittedTwiceChangesOnce() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("change");
        String session = ordered.session();
        String servicePath = ordered.servicePath();
        long serviceId = ordered.serviceId();
        long clientId = ordered.clientId();
        SimulatedVps vps = ordered.vps();
        MultiValueMap<String, String> form = confirmForm(ordered, "3072");
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", clientId);

        ResponseEntity<String> first = post(session, servicePath + "/change/confirm", form);
        assertThat(get(session, servicePath).getBody()).contains("Change ordered");
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<String> second = post(session, servicePath + "/change/confirm", form);

        assertThat(first.getStatusCode().value()).isEqualTo(302);
        assertThat(second.getStatusCode().value()).isEqualTo(302);
        assertThat(get(session, servicePath).getBody()).contains("This change was requested already");
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId) - chargesBefore)
                .as("the change charged once").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.request_key where client_id = ?"
                + " and kind = 'parameters'", Long.class, clientId)).isEqualTo(1);
    }

    /**
     * The amount a change-confirm page showed comes back in a hidden field and is read as a typed amount: plain
     * decimal notation only, and a million digits are refused before they are parsed (they took seconds of CPU per
     * request, for any client). Nothing is charged; the page says what is wrong.
     */
    @Test
    void aChangeConfirmWhoseShownAmountIsNotPlainChargesNothing() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("shown");
        MultiValueMap<String, String> form = confirmForm(ordered, "3072");
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", ordered.clientId());
        for (String bad : List.of("9".repeat(1_000_000), "+" + form.getFirst("shownAmount"),
                form.getFirst("shownAmount") + "e0")) {
            form.set("shownAmount", bad);
            ResponseEntity<String> confirmed = post(ordered.session(), ordered.servicePath() + "/change/confirm",
                    form);
            assertThat(confirmed.getStatusCode().value()).isEqualTo(200);
            assertThat(confirmed.getBody()).as(bad.substring(0, Math.min(bad.length(), 20)))
                    .contains("must be an amount like 10.00");
        }
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", ordered.clientId()))
                .as("nothing charged").isEqualTo(chargesBefore);
    }

    /**
     * A confirm page left open while the change's price changed (here the admin raised RAM's price; also a day
     * passing or another change made meanwhile): confirming it charges nothing and says the new amount, where it
     * used to charge the new amount the client never saw.
     */
    @Test
    void aChangeConfirmedAfterItsPriceChangedChargesNothingAndSaysTheNewAmount() {
        OrderedInThePages ordered = activeServiceOrderedInThePages("repriced");
        String session = ordered.session();
        String servicePath = ordered.servicePath();
        long clientId = ordered.clientId();
        MultiValueMap<String, String> form = confirmForm(ordered, "3072");
        long tariffId = jdbc.queryForObject("select tariff_id from hostflow.service where id = ?", Long.class,
                ordered.serviceId());
        long moduleId = tariffs.get(tariffId).processingModuleIds().get(0);
        tariffs.update(tariffId, vpsTariffForm(tariffs.get(tariffId).providerId(), 0, moduleId, "4.00"),
                IfMatch.ANY);
        String balanceBefore = jdbc.queryForObject("select balance::text from hostflow.account where client_id = ?",
                String.class, clientId);
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", clientId);

        ResponseEntity<String> confirmed = post(session, servicePath + "/change/confirm", form);

        assertThat(confirmed.getStatusCode().value()).as(confirmed.getBody()).isEqualTo(200);
        assertThat(confirmed.getBody()).containsPattern("this change now costs [0-9.]+, not the [0-9.]+ shown");
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId))
                .as("nothing charged").isEqualTo(chargesBefore);
        assertThat(jdbc.queryForObject("select balance::text from hostflow.account where client_id = ?",
                String.class, clientId)).isEqualTo(balanceBefore);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.request_key where client_id = ?"
                + " and kind = 'parameters'", Long.class, clientId)).isZero();
        assertThat(get(session, servicePath).getBody()).contains("data-addon=\"ram\">ram 1024<");
    }

    /**
     * Two tabs of one service, each on the confirm page of a change, confirmed at once: the second is refused (the
     * first change runs, or has made it cost another amount), and so is a change confirmed or priced after an admin
     * suspended the service meanwhile (another tab of the console). The page that answers shows no change form then
     * (a change runs, or the service is not ACTIVE), and the refusal used to be shown only inside that form: the
     * client saw its service page without a word that its change was not made.
     */
    @Test
    void aChangeRefusedWhileThePageShowsNoChangeFormSaysWhy() throws Exception {
        OrderedInThePages ordered = activeServiceOrderedInThePages("tabs");
        String session = ordered.session();
        String servicePath = ordered.servicePath();
        long clientId = ordered.clientId();
        MultiValueMap<String, String> tabA = confirmForm(ordered, "3072");
        MultiValueMap<String, String> tabB = confirmForm(ordered, "4096");
        MultiValueMap<String, String> tabC = confirmForm(ordered, "2048");
        long chargesBefore = count("select count(*) from hostflow.charge where client_id = ?", clientId);

        List<ResponseEntity<String>> confirmed = AtOnce.all(List.of(
                () -> post(session, servicePath + "/change/confirm", tabA),
                () -> post(session, servicePath + "/change/confirm", tabB)));

        assertThat(confirmed).extracting(answer -> answer.getStatusCode().value())
                .containsExactlyInAnyOrder(302, 200);
        String refused = confirmed.stream().filter(answer -> answer.getStatusCode().value() == 200).findFirst()
                .orElseThrow().getBody();
        assertThat(refused).as("the refused tab says why").contains("Not saved:")
                .containsPattern("has a parameter change in progress|this change now costs");
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId) - chargesBefore)
                .as("one change charged").isEqualTo(1);
        ordered.vps().awaitProcessesEnded(ordered.serviceId());

        transactions.executeWithoutResult(tx -> { // as an admin's suspension leaves it
            ServiceInstance suspended = services.findById(ordered.serviceId()).orElseThrow();
            suspended.addSuspension(SuspensionReason.ADMIN, clock.instant());
            suspended.changeStatus(ServiceStatus.SUSPENDED, clock.instant());
            services.save(suspended);
        });
        ResponseEntity<String> thirdTab = post(session, servicePath + "/change/confirm", tabC);
        ResponseEntity<String> priced = post(session, servicePath + "/change", withCsrf(session, servicePath,
                Map.of("addons[ram]", "2048")));

        for (ResponseEntity<String> answer : List.of(thirdTab, priced)) {
            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getBody()).as("the suspended service's page says why nothing changed")
                    .contains("Not saved:").contains("is SUSPENDED");
        }
        assertThat(count("select count(*) from hostflow.charge where client_id = ?", clientId) - chargesBefore)
                .as("nothing more charged").isEqualTo(1);
    }

    /**
     * A service that was never set up (the module refused its OS: FAILED, refunded) has no paid period left: its
     * delete card says it only leaves the list, as it then does, not that it waits for the end of the paid period.
     */
    @Test
    void aServiceNeverSetUpSaysItsDeletionIsAtOnce() {
        PaidShopper shopper = paidShopper("failed");
        String session = shopper.session();
        long tariffId = shopper.tariffId();
        String servicePath = post(session, "/my/order/" + tariffId, orderForm(session, tariffId, "no-such-os"))
                .getHeaders().getLocation().getPath();
        long serviceId = Long.parseLong(servicePath.substring(servicePath.lastIndexOf('/') + 1));
        SimulatedVps vps = new SimulatedVps(template, runtime, management, port);
        vps.awaitService(serviceId, service -> "FAILED".equals(service.get("status").asText()));
        vps.awaitProcessesEnded(serviceId);

        String page = get(session, servicePath).getBody();
        // nothing was set up and its money went back: removing it takes it off the list, no deletion runs
        assertThat(page).contains("id=\"delete-service\"", "the service only leaves your list")
                .doesNotContain("end of its paid period", "unused whole days");
        ResponseEntity<String> deleted = post(session, servicePath + "/delete", withCsrf(session, servicePath,
                Map.of()));
        assertThat(deleted.getStatusCode().value()).isEqualTo(302);
        assertThat(get(session, servicePath).getBody()).contains("The service is removed from your list.");
        assertThat(vps.admin().getForObject("/api/v1/services/" + serviceId,
                com.fasterxml.jackson.databind.JsonNode.class).get("status").asText()).isEqualTo("DELETED");
    }

    @Test
    void anOrderFormFieldWithANulCharacterIsRefusedAndNothingIsOrdered() {
        long providerId = providers.create(new ProviderForm("Nul hosting " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId);
        long clientId = client("nul", providerId);
        String session = login("nul-" + unique + "@example.com");
        long orders = count("select count(*) from hostflow.service_order where client_id = ?", clientId);
        long services = count("select count(*) from hostflow.service where client_id = ?", clientId);

        ResponseEntity<String> refused = post(session, "/my/order/" + tariffId, orderForm(session, tariffId, "a\0b"));
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(refused.getBody()).contains("NUL");
        assertThat(count("select count(*) from hostflow.service_order where client_id = ?", clientId))
                .isEqualTo(orders);
        assertThat(count("select count(*) from hostflow.service where client_id = ?", clientId)).isEqualTo(services);

        // the same form without the NUL is ordered
        ResponseEntity<String> ordered = post(session, "/my/order/" + tariffId, orderForm(session, tariffId, "ab"));
        assertThat(ordered.getStatusCode().value()).as(ordered.getBody()).isEqualTo(302);
        assertThat(count("select count(*) from hostflow.service_order where client_id = ?", clientId))
                .isEqualTo(orders + 1);
    }

    /**
     * A parameter with choices is a select on the order page (the page offered three hard-coded OS names as a hint
     * and took any text), and a value outside them is named beside the field with nothing ordered.
     */
    @Test
    void aParameterWithChoicesIsASelectAndAnotherValueIsRefusedBesideIt() {
        long providerId = providers.create(new ProviderForm("Choice hosting " + unique, "EUR")).id();
        String type = "images-" + unique;
        productTypes.create(new ProductTypeForm(type, "Images " + unique, TrialPolicy.NONE, false, false, 0,
                ClientDeletion.PROHIBITED, OnClientDelete.IMMEDIATELY, List.of(Period.MONTH), List.of(),
                List.of(new ProductTypeForm.Parameter("os", "Operating system", true, List.of("debian-12", "arch")),
                        new ProductTypeForm.Parameter("edition", "Edition", false, List.of("lite", "pro")))));
        // the manual module type serves vds only: this one is written as a row
        long moduleId = transactions.execute(tx -> moduleRows.save(new ProcessingModule(
                productTypeRows.findByCode(type).orElseThrow(), "manual", "By hand " + unique)).getId());
        long tariffId = tariffs.create(new TariffForm(type, providerId, null, "Images " + unique, true,
                List.of(moduleId), null, false, null, Map.of(Period.MONTH, new BigDecimal("10.00")), 0, List.of()))
                .id();
        long clientId = client("chooser", providerId);
        String session = login("chooser-" + unique + "@example.com");

        String page = get(session, "/my/order/" + tariffId).getBody();
        assertThat(page).containsPattern("<select id=\"param-os\" name=\"params\\[os]\"[^>]*>\\s*"
                + "<option value=\"debian-12\">debian-12</option>\\s*"
                + "<option value=\"arch\">arch</option>\\s*</select>");
        assertThat(page).as("an optional choice can be left out").containsPattern(
                "<select id=\"param-edition\"[^>]*>\\s*<option value=\"\">");

        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("period", "MONTH");
        form.add("params[os]", "ubuntu-24.04");
        form.add("params[edition]", "pro");
        form.add("_csrf", csrf(page));
        ResponseEntity<String> refused = post(session, "/my/order/" + tariffId, form);
        assertThat(refused.getStatusCode().value()).isEqualTo(200);
        assertThat(refused.getBody()).containsPattern("data-errors-for=\"params.os\">\\s*"
                + "<p class=\"field-error\">must be one of debian-12, arch</p>");
        assertThat(refused.getBody()).as("the choice made stays chosen")
                .contains("<option value=\"pro\" selected=\"selected\">pro</option>");
        assertThat(count("select count(*) from hostflow.service where client_id = ?", clientId)).isZero();

        form.set("params[os]", "arch");
        form.set("_csrf", csrf(get(session, "/my/order/" + tariffId).getBody()));
        ResponseEntity<String> ordered = post(session, "/my/order/" + tariffId, form);
        assertThat(ordered.getStatusCode().value()).as(ordered.getBody()).isEqualTo(302);
        assertThat(jdbc.queryForObject("select params from hostflow.service where client_id = ?", String.class,
                clientId)).contains("arch", "pro");
        // unpaid (no balance): its client may take the order back, though clients may not delete such services
        assertThat(get(session, ordered.getHeaders().getLocation().getPath()).getBody())
                .contains("<h2>Cancel the order</h2>").doesNotContain("deletion-code");
    }

    /**
     * The moments a message names after a redirect read as the pages show them (2027-01-04 10:15 UTC), not as Java
     * spells an instant (2027-01-04T10:15:30.123456Z): an unpaid order's pay-before and a deletion at the end of the
     * paid period.
     */
    @Test
    void aMessageNamesItsMomentAsThePagesDo() {
        PeriodEndShop shop = periodEndShop("moments");
        long tariffId = shop.tariffId();
        String session = shop.session();
        String moment = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC";

        MultiValueMap<String, String> order = new LinkedMultiValueMap<>();
        order.add("period", "MONTH");
        order.add("_csrf", csrf(get(session, "/my/order/" + tariffId).getBody()));
        ResponseEntity<String> ordered = post(session, "/my/order/" + tariffId, order);
        assertThat(ordered.getStatusCode().value()).as(ordered.getBody()).isEqualTo(302);
        assertThat(get(session, ordered.getHeaders().getLocation().getPath()).getBody())
                .containsPattern("waits for a payment of 10.00 EUR until " + moment + "\\.");

        String servicePath = "/my/services/" + activeService(shop);
        ResponseEntity<String> deleted = post(session, servicePath + "/delete", withCsrf(session, servicePath,
                Map.of()));
        assertThat(deleted.getStatusCode().value()).isEqualTo(302);
        assertThat(get(session, servicePath).getBody())
                .containsPattern("deleted at the end of its paid period \\(" + moment + "\\)\\.");
    }

    /**
     * The client area offers a prolongation as the ProlongationDecision table says: none while a deletion waits
     * (Rule_RequestedWhileDeletionWaits), and one again once an analyst drops the rules on deletions (a new version
     * of the table), with no change in Java. The page used to decide by its own look at the deletion.
     */
    @Test
    void theServicePageOffersAProlongationAsTheProlongationDecisionTableSays() throws Exception {
        PeriodEndShop shop = periodEndShop("decided");
        String session = shop.session();
        long serviceId = activeService(shop);
        String servicePath = "/my/services/" + serviceId;
        assertThat(get(session, servicePath).getBody()).contains("id=\"prolong\"");
        assertThat(post(session, servicePath + "/delete", withCsrf(session, servicePath, Map.of()))
                .getStatusCode().value()).isEqualTo(302);

        assertThat(get(session, servicePath).getBody()).as("the table refuses while the deletion waits")
                .contains("id=\"deletion-box\"").doesNotContain("id=\"prolong\"");
        // the page previews the table: Cockpit's Decisions list what was decided, not every page view
        String previews = "select count(*) from act_hi_decinst where dec_def_key_ = 'ProlongationDecision'"
                + " and proc_inst_id_ is null";
        long decided = jdbc.queryForObject(previews, Long.class);
        get(session, servicePath);
        assertThat(jdbc.queryForObject(previews, Long.class)).as("no history of a page's preview").isEqualTo(decided);

        String table = new String(new ClassPathResource("processes/ProlongationDecision.dmn").getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        String withoutTheRule = table.replaceAll("(?s)<rule id=\"Rule_RequestedWhileDelet\\w+\">.*?</rule>", "");
        assertThat(withoutTheRule).isNotEqualTo(table);
        String edited = repository.createDeployment().name("ProlongationDecision edited by " + unique)
                .addString("ProlongationDecision.dmn", withoutTheRule).deploy().getId();
        try {
            assertThat(get(session, servicePath).getBody()).as("the edited table takes it")
                    .contains("id=\"deletion-box\"", "id=\"prolong\"");
        } finally {
            repository.deleteDeployment(edited, true);
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list()
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
        }
    }

    /**
     * A tariff sold by the day whose RAM add-on is priced by the month only: a service with more RAM than included
     * cannot be prolonged for a day, so neither the console nor the client area offers it (the console listed every
     * period of the tariff, and the prolongation was then refused).
     */
    @Test
    void onlyThePeriodsTheServicesAddOnsAreSoldForAreOfferedForAProlongation() {
        long providerId = providers.create(new ProviderForm("Daily hosting " + unique, "EUR")).id();
        TariffForm monthlyAddOns = vpsTariffForm(providerId, 0, vpsModule(), "2.00");
        long tariffId = tariffs.create(new TariffForm(monthlyAddOns.productType(), providerId, null,
                "Daily " + unique, true, monthlyAddOns.processingModuleIds(), null, false,
                monthlyAddOns.defaultDomainTemplate(), Map.of(Period.MONTH, new BigDecimal("10.00"), Period.DAY,
                        new BigDecimal("0.40")), 0, monthlyAddOns.addons())).id();
        long clientId = client("daily", providerId);
        Instant now = clock.instant();
        ServiceInstance running = new ServiceInstance(clientId, tariffId, providerId, "vds", Period.MONTH, false,
                Map.of("ram", 2048L, "cpu", 1L, "disk", 20480L, "ipv4", 1L), Map.of(), null, now);
        running.changeStatus(ServiceStatus.ACTIVE, now);
        running.paidUntil(now.plus(Duration.ofDays(20)), null, now);
        long serviceId = services.save(running).getId();

        String console = get(login("demo", "demo"), "/console/services/" + serviceId).getBody();
        String clientArea = get(login("daily-" + unique + "@example.com"), "/my/services/" + serviceId).getBody();

        // the console says the period's code, the client area its words
        assertThat(console).containsPattern("<option value=\"MONTH\"[^>]*>MONTH – 12\\.00")
                .doesNotContain("<option value=\"DAY\"");
        assertThat(clientArea).containsPattern("<option value=\"MONTH\"[^>]*>1 month – 12\\.00")
                .doesNotContain("<option value=\"DAY\"");
    }

    /** The console's product-type form takes a parameter's choices as one line, separated by commas. */
    @Test
    void theProductTypeFormTakesChoicesSeparatedByCommasAndNamesADuplicateBesideThem() {
        String admin = login("demo", "demo");
        String code = "form-" + unique;
        Map<String, String> fields = new java.util.HashMap<>(Map.of("code", code, "name", "Form " + unique,
                "trialPolicy", "NONE", "autoDeletionDays", "0", "clientDeletion", "ALLOWED",
                "onClientDelete", "IMMEDIATELY", "orderPeriods", "MONTH", "parameters[0].code", "os",
                "parameters[0].name", "OS", "parameters[0].choices", "debian-12, arch,debian-12"));

        // with a blank name too: one submit names both (the duplicate came only once the name was fixed)
        Map<String, String> blankName = new java.util.HashMap<>(fields);
        blankName.put("name", "");
        ResponseEntity<String> duplicate = post(admin, "/console/product-types/new",
                withCsrf(admin, "/console/product-types/new", blankName));
        assertThat(duplicate.getStatusCode().value()).isEqualTo(200);
        assertThat(duplicate.getBody()).containsPattern("data-errors-for=\"name\">\\s*<p class=\"field-error\">");
        assertThat(duplicate.getBody()).containsPattern("data-errors-for=\"parameters\\[0]\\.choices\">\\s*"
                + "<p class=\"field-error\">each choice may appear once</p>");
        fields.put("parameters[0].choices", " debian-12, arch, ");
        fields.put("parameters[1].code", "edition");
        fields.put("parameters[1].name", "Edition");
        fields.put("parameters[1].choices", "lite, " + "x".repeat(256));
        ResponseEntity<String> tooLong = post(admin, "/console/product-types/new",
                withCsrf(admin, "/console/product-types/new", fields));
        assertThat(tooLong.getBody()).containsPattern("data-errors-for=\"parameters\\[1]\\.choices\">\\s*"
                + "<p class=\"field-error\">choice 2: size must be between 0 and 255</p>");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.product_type where code = ?", Long.class, code))
                .isZero();

        fields.remove("parameters[1].code");
        fields.remove("parameters[1].name");
        fields.remove("parameters[1].choices");
        ResponseEntity<String> saved = post(admin, "/console/product-types/new",
                withCsrf(admin, "/console/product-types/new", fields));
        assertThat(saved.getStatusCode().value()).as(saved.getBody()).isEqualTo(302);
        assertThat(productTypes.get(code).parameters()).singleElement()
                .satisfies(os -> assertThat(os.choices()).containsExactly("debian-12", "arch"));
        assertThat(get(admin, "/console/product-types/" + code).getBody())
                .contains("name=\"parameters[0].choices\" value=\"debian-12, arch\"");
    }

    /**
     * A trial prolonged into months and then suspended for non-payment: the client's page says when the service is
     * deleted unless it is paid (it said only "BILLING", and the next thing the client heard was "deleted together
     * with its data"), and its period is no longer shown as a trial ("MONTH (trial)" for a service paid by the
     * month). The console too.
     */
    @Test
    void aServiceSuspendedForNonPaymentShowsTheDayItIsDeletedAndATrialProlongedIsNoLongerATrial() {
        long providerId = providers.create(new ProviderForm("Unpaid hosting " + unique, "EUR")).id();
        String type = "unpaid-" + unique;
        productTypes.create(new ProductTypeForm(type, "unpaid " + unique, TrialPolicy.EVERY_SERVICE, false, false,
                14, ClientDeletion.ALLOWED, OnClientDelete.IMMEDIATELY, List.of(Period.TRIAL, Period.MONTH),
                List.of(), List.of()));
        long moduleId = transactions.execute(tx -> moduleRows.save(new ProcessingModule(
                productTypeRows.findByCode(type).orElseThrow(), "manual", "By hand " + unique)).getId());
        long tariffId = tariffs.create(new TariffForm(type, providerId, null, "unpaid " + unique, true,
                List.of(moduleId), null, false, null, Map.of(Period.MONTH, new BigDecimal("10.00")), 7, List.of()))
                .id();
        long clientId = client("unpaid", providerId);
        String session = login("unpaid-" + unique + "@example.com");
        Instant now = clock.instant();
        ServiceInstance unpaid = new ServiceInstance(clientId, tariffId, providerId, type, Period.TRIAL, true,
                Map.of(), Map.of(), null, now);
        unpaid.changeStatus(ServiceStatus.ACTIVE, now);
        unpaid.changePeriod(Period.MONTH, now);
        unpaid.paidUntil(now.minus(Duration.ofDays(1)), null, now);
        Instant suspendedAt = Instant.parse("2027-03-02T10:15:00Z");
        unpaid.addSuspension(SuspensionReason.BILLING, suspendedAt);
        unpaid.changeStatus(ServiceStatus.SUSPENDED, now);
        long serviceId = services.save(unpaid).getId();

        String page = get(session, "/my/services/" + serviceId).getBody();
        assertThat(page).contains("id=\"auto-deletion\"",
                        "deleted together with its data on <strong>2027-03-16 10:15 UTC</strong>")
                .contains("<dd id=\"service-period\">1 month (after a trial)</dd>").doesNotContain("(trial)");
        assertThat(get(login("demo", "demo"), "/console/services/" + serviceId).getBody())
                .contains("<dd>MONTH (after a trial)</dd>").doesNotContain("(trial)");

        transactions.executeWithoutResult(tx -> {
            ServiceInstance paid = services.findById(serviceId).orElseThrow();
            paid.removeSuspension(SuspensionReason.BILLING, now);
            paid.changeStatus(ServiceStatus.ACTIVE, now);
            services.save(paid);
        });
        assertThat(get(session, "/my/services/" + serviceId).getBody()).doesNotContain("id=\"auto-deletion\"");
    }

    /** The shop offers a trial only to a client who may still have one (the order answered "trial used" before). */
    @Test
    void aTrialTheClientUsedIsNoLongerOffered() {
        long providerId = providers.create(new ProviderForm("Trial hosting " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId, 7);
        client("trial", providerId);
        String session = login("trial-" + unique + "@example.com");
        assertThat(get(session, "/my/order/" + tariffId).getBody()).contains("value=\"TRIAL\"");

        MultiValueMap<String, String> trial = orderForm(session, tariffId, "ubuntu");
        trial.set("period", "TRIAL");
        trial.set("shownAmount", "0.00"); // what the page's live price shows for a trial
        ResponseEntity<String> ordered = post(session, "/my/order/" + tariffId, trial);
        assertThat(ordered.getStatusCode().value()).as(ordered.getBody()).isEqualTo(302);

        String page = get(session, "/my/order/" + tariffId).getBody();
        assertThat(page).doesNotContain("value=\"TRIAL\"").contains("value=\"MONTH\"");
    }

    /**
     * A payment that would push the balance past what the database stores (numeric(19,2)) is said on the console's
     * form as the API says it (400 naming the amount), not as a duplicate or a row still in use.
     */
    @Test
    void aPaymentPushingTheBalancePastWhatIsStoredSaysOutOfRangeOnTheForm() {
        long providerId = providers.create(new ProviderForm("Big hosting " + unique, "EUR")).id();
        long clientId = client("big", providerId);
        String admin = login("demo", "demo");
        String path = "/console/clients/" + clientId;

        ResponseEntity<String> first = post(admin, path + "/payments", paymentForm(admin, path, "big-1-" + unique));
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(302);
        ResponseEntity<String> second = post(admin, path + "/payments", paymentForm(admin, path, "big-2-" + unique));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(200);
        assertThat(second.getBody()).contains("more than an account can hold")
                .doesNotContain("conflicts with existing data");
        assertThat(count("select count(*) from hostflow.payment where client_id = ?", clientId)).isEqualTo(1);
    }

    /**
     * A blank amount on the payment and credit forms says what every blank field of the console's forms says, beside
     * the form's other problems; it said "must not be null", a word the person at the form never typed.
     */
    @Test
    void aBlankAmountSaysItMustNotBeBlank() {
        long providerId = providers.create(new ProviderForm("Blank hosting " + unique, "EUR")).id();
        long clientId = client("blank", providerId);
        String admin = login("demo", "demo");
        String path = "/console/clients/" + clientId;

        ResponseEntity<String> payment = post(admin, path + "/payments", withCsrf(admin, path,
                Map.of("amount", " ", "externalId", "")));
        ResponseEntity<String> credit = post(admin, path + "/credits", withCsrf(admin, path,
                Map.of("amount", "", "description", "Goodwill", "creditKey", "blank-" + unique)));

        assertThat(payment.getStatusCode().value()).as(payment.getBody()).isEqualTo(200);
        assertThat(fieldErrors(payment, "amount")).contains("must not be blank").doesNotContain("null");
        assertThat(fieldErrors(payment, "externalId")).contains("must not be blank");
        assertThat(credit.getStatusCode().value()).as(credit.getBody()).isEqualTo(200);
        // the page holds both forms: the credit form's amount comes after the payment form's
        String creditForm = credit.getBody().substring(credit.getBody().indexOf("id=\"credit-amount\""));
        assertThat(creditForm.substring(0, creditForm.indexOf("</div>"))).contains("must not be blank")
                .doesNotContain("null");
        assertThat(count("select count(*) from hostflow.payment where client_id = ?", clientId)).isZero();
        assertThat(count("select count(*) from hostflow.credit where client_id = ?", clientId)).isZero();
    }

    /**
     * A form field sent twice was bound as both values joined by a comma: an amount of {@code 10} and {@code 5} was
     * read as "10,5", and the comma as a decimal point, so a payment of 10.50 was recorded. It is refused now.
     */
    @Test
    void aPaymentWhoseAmountIsGivenTwiceIsRefusedAndNothingIsRecorded() {
        long providerId = providers.create(new ProviderForm("Twice hosting " + unique, "EUR")).id();
        long clientId = client("twice", providerId);
        String admin = login("demo", "demo");
        String path = "/console/clients/" + clientId;
        MultiValueMap<String, String> form = withCsrf(admin, path, Map.of("externalId", "twice-" + unique));
        form.add("amount", "10");
        form.add("amount", "5");

        ResponseEntity<String> refused = post(admin, path + "/payments", form);

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(refused.getBody()).contains("amount", "more than once");
        assertThat(count("select count(*) from hostflow.payment where client_id = ?", clientId)).isZero();
    }

    /**
     * A payment whose delivery to a service's processes keeps failing was only a warning in the log: the overview
     * lists it (service, client, attempts, next attempt) for as long as it fails, and not once it is delivered.
     */
    @Test
    void aPaymentAServiceFailedToHearIsListedOnTheOverview() {
        long providerId = providers.create(new ProviderForm("Unheard hosting " + unique, "EUR")).id();
        long clientId = client("unheard", providerId);
        long serviceId = 900_000_000L + clientId;
        String admin = login("demo", "demo");
        assertThat(get(admin, "/console").getBody()).doesNotContain("/console/services/" + serviceId);

        long eventId = jdbc.queryForObject("insert into hostflow.lifecycle_event (kind, client_id, service_id,"
                + " created_at, attempts, next_attempt_at) values ('PAYMENT', ?, ?, now(), 3, now() + interval"
                + " '1 hour') returning id", Long.class, clientId, serviceId);
        try {
            ResponseEntity<String> overview = get(admin, "/console");

            assertThat(overview.getStatusCode().value()).isEqualTo(200);
            assertThat(overview.getBody()).contains("Payments a service has not heard")
                    .contains("href=\"/console/services/" + serviceId + "\"")
                    .contains("href=\"/console/clients/" + clientId + "\"");
        } finally {
            jdbc.update("delete from hostflow.lifecycle_event where id = ?", eventId);
        }
        assertThat(get(admin, "/console").getBody()).doesNotContain("/console/services/" + serviceId);
    }

    /**
     * An admin gives a client a credit on its page; the form's one-time key keeps a form sent twice from crediting
     * twice, and a credit without a description is refused on the credit form alone.
     */
    @Test
    void aCreditFormSubmittedTwiceCreditsOnce() {
        long providerId = providers.create(new ProviderForm("Credit hosting " + unique, "EUR")).id();
        long clientId = client("credited", providerId);
        String admin = login("demo", "demo");
        String path = "/console/clients/" + clientId;

        ResponseEntity<String> noDescription = post(admin, path + "/credits", withCsrf(admin, path,
                Map.of("amount", "5.00", "creditKey", creditKey(get(admin, path).getBody()))));
        assertThat(noDescription.getStatusCode().value()).as(noDescription.getBody()).isEqualTo(200);
        assertThat(noDescription.getBody()).containsPattern("id=\"credit-description\"[^>]*class=\"invalid\"")
                .doesNotContainPattern("id=\"amount\"[^>]*class=\"invalid\"");
        assertThat(count("select count(*) from hostflow.credit where client_id = ?", clientId)).isZero();

        String key = creditKey(get(admin, path).getBody());
        MultiValueMap<String, String> form = withCsrf(admin, path, Map.of("amount", "5.00", "description",
                "Compensation for the outage", "creditKey", key));
        ResponseEntity<String> first = post(admin, path + "/credits", form);
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(302);
        assertThat(get(admin, path).getBody()).contains("Credit of 5.00 given.").contains("Compensation for the outage");
        ResponseEntity<String> second = post(admin, path + "/credits", form);

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(302);
        assertThat(get(admin, path).getBody()).contains("This credit was given already; nothing was added.");
        assertThat(count("select count(*) from hostflow.credit where client_id = ?", clientId)).isOne();
        assertThat(jdbc.queryForObject("select balance::text from hostflow.account where client_id = ?",
                String.class, clientId)).isEqualTo("5.00");
    }

    private static String creditKey(String page) {
        Matcher creditKey = Pattern.compile("name=\"creditKey\" value=\"([^\"]+)\"").matcher(page);
        assertThat(creditKey.find()).as("the credit form's one-time key").isTrue();
        return creditKey.group(1);
    }

    private MultiValueMap<String, String> paymentForm(String session, String clientPath, String externalId) {
        return withCsrf(session, clientPath, Map.of("amount", "99999999999999999.99", "externalId", externalId));
    }

    /** A client of its own provider, with 100.00 paid in, logged in, whose order on the pages is set up. */
    private record OrderedInThePages(long clientId, String session, String servicePath, long serviceId,
            SimulatedVps vps) {
    }

    private OrderedInThePages activeServiceOrderedInThePages(String who) {
        long providerId = providers.create(new ProviderForm(who + " twice " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId);
        long clientId = client(who, providerId);
        payIn(clientId, who + "-" + unique);
        String session = login(who + "-" + unique + "@example.com");
        ResponseEntity<String> ordered = post(session, "/my/order/" + tariffId,
                orderForm(session, tariffId, "ubuntu-24.04"));
        String servicePath = ordered.getHeaders().getLocation().getPath();
        long serviceId = Long.parseLong(servicePath.substring(servicePath.lastIndexOf('/') + 1));
        SimulatedVps vps = new SimulatedVps(template, runtime, management, port);
        vps.awaitService(serviceId, service -> "ACTIVE".equals(service.get("status").asText()));
        vps.awaitProcessesEnded(serviceId);
        return new OrderedInThePages(clientId, session, servicePath, serviceId, vps);
    }

    /** The change-confirm form for RAM at {@code ram} MiB with the fields as its page has them (all hidden). */
    private MultiValueMap<String, String> confirmForm(OrderedInThePages ordered, String ram) {
        String confirmPage = post(ordered.session(), ordered.servicePath() + "/change", withCsrf(ordered.session(),
                ordered.servicePath(), Map.of("addons[ram]", ram))).getBody();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
                .matcher(confirmPage);
        while (hidden.find()) {
            form.set(hidden.group(1), hidden.group(2));
        }
        assertThat(form).containsEntry("addons[ram]", List.of(ram)).containsKeys("requestKey", "_csrf");
        return form;
    }

    /** The page's one-time key of its prolong or change-confirm form. */
    private static String requestKey(String page) {
        Matcher requestKey = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"").matcher(page);
        assertThat(requestKey.find()).as("the page's one-time key").isTrue();
        return requestKey.group(1);
    }

    private void assertProblemPage(ResponseEntity<String> answer, int status) {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        // the heading says what went wrong (the layout's own "title" fragment once took its place)
        assertThat(answer.getBody()).containsPattern("<h1 id=\"problem-title\">(Not found|Bad request|Not allowed)</h1>")
                .doesNotContain("Exception").doesNotContain("th:text");
    }

    private long count(String sql, long clientId) {
        return jdbc.queryForObject(sql, Long.class, clientId);
    }

    private MultiValueMap<String, String> orderForm(String session, long tariffId, String os) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("period", "MONTH");
        form.add("addons[ram]", "1024");
        form.add("params[os]", os);
        String page = get(session, "/my/order/" + tariffId).getBody();
        form.add("_csrf", csrf(page));
        Matcher orderKey = Pattern.compile("name=\"orderKey\" value=\"([^\"]+)\"").matcher(page);
        if (orderKey.find()) {
            form.add("orderKey", orderKey.group(1));
        }
        Matcher shownAmount = Pattern.compile("name=\"shownAmount\" value=\"([^\"]*)\"").matcher(page);
        if (shownAmount.find()) {
            form.add("shownAmount", shownAmount.group(1));
        }
        return form;
    }

    /**
     * A module form that comes back with a problem cannot show the password typed into it (it is never sent to the
     * browser again): it says to type it again, where it used to drop it unseen (a module then saved without one).
     */
    @Test
    void aModuleFormThatComesBackSaysToTypeThePasswordAgain() {
        String admin = login("demo", "demo");
        Map<String, String> fields = new java.util.HashMap<>(Map.of("productType", "vds", "moduleType", "vmmanager6",
                "name", "", "sortOrder", "1", "integration.url", "http://localhost:" + port + "/simulator/vmmanager6",
                "integration.username", "admin@example.com", "settings.cluster", "1"));
        fields.put("integration.password", "typed-secret-" + unique);

        ResponseEntity<String> typed = post(admin, "/console/modules/new",
                withCsrf(admin, "/console/modules/new", fields));
        assertThat(typed.getStatusCode().value()).isEqualTo(200);
        assertThat(typed.getBody()).contains("id=\"password-not-kept\"", "type the\n          password again")
                .doesNotContain("typed-secret-" + unique);

        fields.remove("integration.password");
        ResponseEntity<String> none = post(admin, "/console/modules/new",
                withCsrf(admin, "/console/modules/new", fields));
        assertThat(none.getBody()).contains("must not be blank").doesNotContain("password-not-kept");
    }

    /**
     * A module whose stored password no configured key decrypts (the secret key changed without re-encrypting it):
     * its form says so beside the password, where it said "a password is stored; leave empty to keep it", and a save
     * without a password comes back saying it again, nothing saved.
     */
    @Test
    void aModuleWhosePasswordCannotBeDecryptedSaysSoOnItsForm() {
        long id = vpsModule();
        ProcessingModuleView module = modules.get(id);
        jdbc.update("update hostflow.processing_module set password_encrypted = ? where id = ?",
                new SecretCipher(java.util.Base64.getEncoder().encodeToString(new byte[16])).encrypt("lost"), id);
        try {
            String admin = login("demo", "demo");
            ResponseEntity<String> page = get(admin, "/console/modules/" + id);
            assertThat(page.getBody()).contains("id=\"password-problem\"",
                    "the stored password cannot be decrypted with the current secret key")
                    .doesNotContain("a password is stored; leave empty to keep it");

            Map<String, String> fields = new java.util.HashMap<>(Map.of("productType", "vds", "moduleType",
                    "vmmanager6", "name", "Renamed " + unique, "sortOrder", "1", "dataCenterId",
                    String.valueOf(module.dataCenterId()), "integration.url", module.integration().url(),
                    "integration.username", module.integration().username(), "settings.cluster", "1"));
            ResponseEntity<String> saved = post(admin, "/console/modules/" + id,
                    withCsrf(admin, "/console/modules/" + id, fields));
            assertThat(saved.getStatusCode().value()).as("the form again").isEqualTo(200);
            assertThat(saved.getBody()).contains("the stored password cannot be decrypted with the current secret key")
                    .doesNotContain("id=\"password-problem\"");
            assertThat(modules.get(id).name()).as("nothing saved").isEqualTo(module.name());
        } finally {
            // the module's checks elsewhere read its password
            jdbc.update("update hostflow.processing_module set password_encrypted = ? where id = ?",
                    cipher.encrypt("secret"), id);
        }
    }

    private MultiValueMap<String, String> withCsrf(String session, Map<String, String> fields) {
        return withCsrf(session, "/my", fields);
    }

    private MultiValueMap<String, String> withCsrf(String session, String page, Map<String, String> fields) {
        MultiValueMap<String, String> copy = new LinkedMultiValueMap<>();
        fields.forEach(copy::add);
        copy.add("_csrf", csrf(get(session, page).getBody()));
        return copy;
    }

    /** A product type deleted at the end of the paid period, a tariff of it (10.00 a month), its client logged in. */
    private record PeriodEndShop(long providerId, String type, long tariffId, long clientId, String session) {
    }

    private PeriodEndShop periodEndShop(String who) {
        long providerId = providers.create(new ProviderForm(who + " hosting " + unique, "EUR")).id();
        String type = who + "-" + unique;
        productTypes.create(new ProductTypeForm(type, who + " " + unique, TrialPolicy.NONE, false, false, 0,
                ClientDeletion.ALLOWED, OnClientDelete.END_OF_PAID_PERIOD, List.of(Period.MONTH), List.of(),
                List.of()));
        long moduleId = transactions.execute(tx -> moduleRows.save(new ProcessingModule(
                productTypeRows.findByCode(type).orElseThrow(), "manual", "By hand " + unique)).getId());
        long tariffId = tariffs.create(new TariffForm(type, providerId, null, who + " " + unique, true,
                List.of(moduleId), null, false, null, Map.of(Period.MONTH, new BigDecimal("10.00")), 0, List.of()))
                .id();
        long clientId = client(who, providerId);
        return new PeriodEndShop(providerId, type, tariffId, clientId, login(who + "-" + unique + "@example.com"));
    }

    /** An ACTIVE service of the shop's client, paid for 20 more days. */
    private long activeService(PeriodEndShop shop) {
        Instant now = clock.instant();
        ServiceInstance running = new ServiceInstance(shop.clientId(), shop.tariffId(), shop.providerId(),
                shop.type(), Period.MONTH, false, Map.of(), Map.of(), null, now);
        running.changeStatus(ServiceStatus.ACTIVE, now);
        running.paidUntil(now.plus(Duration.ofDays(20)), null, now);
        return services.save(running).getId();
    }

    /** A vds tariff of a provider of its own, a client of it with 100.00 paid in, logged in. */
    private record PaidShopper(long providerId, long tariffId, long clientId, String session) {
    }

    private PaidShopper paidShopper(String who) {
        long providerId = providers.create(new ProviderForm(who + " hosting " + unique, "EUR")).id();
        long tariffId = vpsTariff(providerId);
        long clientId = client(who, providerId);
        payIn(clientId, who + "-" + unique);
        return new PaidShopper(providerId, tariffId, clientId, login(who + "-" + unique + "@example.com"));
    }

    /** 100.00 paid in for the client through the API. */
    private void payIn(long clientId, String externalId) {
        assertThat(template.withBasicAuth("demo", "demo").postForEntity("/api/v1/payments", Map.of("clientId",
                clientId, "amount", "100.00", "externalId", externalId), String.class).getStatusCode()
                .value()).isEqualTo(201);
    }

    private long client(String who, long providerId) {
        return clients.create(new ClientData(who + "-" + unique + "@example.com", who + " " + unique, null, providerId,
                PASSWORD)).getId();
    }

    /**
     * A parameter name with a control character is the firewall's 400 for a logged-in page too: only an anonymous
     * visitor's request (kept for after the login) had its names read through the firewall; logged in, the page came.
     */
    @Test
    void aParameterNameWithAControlCharacterIsA400LoggedInToo() {
        String admin = login("demo", "demo");
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, admin);
        ResponseEntity<String> answer = http.exchange(java.net.URI.create(http.getRootUri() + "/console?a%01b=1"),
                HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(answer.getBody()).contains("a parameter's name must not contain control characters");
    }

    private String login(String email) {
        return login(email, PASSWORD);
    }

    private String login(String username, String password) {
        return ConsoleSecurityTest.login(http, username, password);
    }

    private ResponseEntity<String> get(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private ResponseEntity<String> post(String session, String path, MultiValueMap<String, String> form) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        headers.add(HttpHeaders.COOKIE, session);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }

    private long vpsTariff(long providerId) {
        return vpsTariff(providerId, 0);
    }

    /** A vds tariff of the provider on a VMmanager 6 module that points at the simulator. */
    private long vpsTariff(long providerId, int trialDays) {
        return tariffs.create(vpsTariffForm(providerId, trialDays, vpsModule(), "2.00")).id();
    }

    private long vpsModule() {
        long dataCenterId = dataCenters.create(new DataCenterForm("DC problems " + unique + System.nanoTime(), null, 1,
                null)).id();
        return modules.create(new ProcessingModuleForm("vds", "vmmanager6", "VM problems " + unique
                + System.nanoTime(), dataCenterId, null, 1, new ProcessingModuleForm.Integration("http://localhost:"
                + port + "/simulator/vmmanager6", "admin@example.com", "secret"),
                new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(false, null, null))).id();
    }

    private TariffForm vpsTariffForm(long providerId, int trialDays, long moduleId, String ramPrice) {
        return new TariffForm("vds", providerId, null, "Problems " + unique, true, List.of(moduleId),
                null, false, "vps{serviceId}.problems.example.net", Map.of(Period.MONTH, new BigDecimal("10.00")),
                trialDays,
                List.of(new TariffForm.Addon("ram", 1024L, 1024L, 8192L, 1024L,
                        Map.of(Period.MONTH, new BigDecimal(ramPrice))),
                        new TariffForm.Addon("cpu", 1L, 1L, 4L, 1L, Map.of(Period.MONTH, new BigDecimal("3.00"))),
                        new TariffForm.Addon("disk", 20480L, null, null, null, null),
                        new TariffForm.Addon("ipv4", 1L, null, null, null, null)));
    }
}
