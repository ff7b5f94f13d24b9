package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.hostflow.billing.BillingService;
import com.hostflow.billing.ChargeRequest;
import com.hostflow.billing.CreditKind;
import com.hostflow.billing.CreditRequest;
import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleRepository;
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
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.support.IntegrationTest;

/**
 * A client with a long history, as the client area and the console show it: more services than one page holds, most
 * of them deleted long ago, and years of daily charges. The newest services and the newest months are on the first
 * page, whole, and links lead to the rest.
 */
@IntegrationTest
class LongHistoryPagesTest {

    private static final String PASSWORD = "long-history-1";
    private static final Pattern SERVICE_LINK = Pattern.compile("href=\"/my/services/(\\d+)\"");
    private static final Pattern NEWEST_MONTHS = Pattern.compile("href=\"([^\"]*)\"[^>]*>[^<]*[Nn]ewest months");
    private static final Pattern OLDER_MONTHS = Pattern.compile("href=\"([^\"]*before=[^\"]*)\"[^>]*>Older months");

    @Autowired
    TestRestTemplate template;
    @Autowired
    ClientService clients;
    @Autowired
    PaymentService payments;
    @Autowired
    BillingService billing;
    @Autowired
    ProviderService providers;
    @Autowired
    ProductTypeService productTypes;
    @Autowired
    ProductTypeRepository productTypeRows;
    @Autowired
    ProcessingModuleRepository moduleRows;
    @Autowired
    TariffService tariffs;
    @Autowired
    ServiceRepository services;
    @Autowired
    TransactionTemplate transactions;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    final String email = "long-" + unique + "@example.com";
    long providerId;
    String type;
    long tariffId;
    long clientId;

    /** A provider of its own with a daily tariff (not split by month), and a client of it. */
    @BeforeEach
    void aClientOfItsOwnProvider() {
        providerId = providers.create(new ProviderForm("Long hosting " + unique, "EUR")).id();
        type = "long-" + unique;
        productTypes.create(new ProductTypeForm(type, "Long " + unique, TrialPolicy.NONE, false, false, 0,
                ClientDeletion.ALLOWED, OnClientDelete.IMMEDIATELY, List.of(Period.DAY, Period.MONTH), List.of(),
                List.of()));
        long moduleId = transactions.execute(tx -> moduleRows.save(new ProcessingModule(
                productTypeRows.findByCode(type).orElseThrow(), "manual", "Long by hand " + unique)).getId());
        tariffId = tariffs.create(new TariffForm(type, providerId, null, "Daily " + unique, true, List.of(moduleId),
                null, false, null, Map.of(Period.DAY, new BigDecimal("0.25"), Period.MONTH, new BigDecimal("7.00")), 0,
                List.of())).id();
        clientId = clients.create(new ClientData(email, "Long " + unique, null, providerId, PASSWORD)).getId();
    }

    @Test
    void aClientWhoseFirstTwoHundredServicesAreDeletedSeesItsNewOnesAndPagesThroughAll() {
        Instant now = Instant.now();
        List<ServiceInstance> rows = new ArrayList<>();
        for (int i = 0; i < 203; i++) {
            ServiceInstance service = new ServiceInstance(clientId, tariffId, providerId, type, Period.MONTH, false,
                    Map.of(), Map.of(), null, now);
            service.changeStatus(i < 200 ? ServiceStatus.DELETED : ServiceStatus.ACTIVE, now);
            rows.add(service);
        }
        List<Long> ids = services.saveAll(rows).stream().map(ServiceInstance::getId).sorted().toList();
        List<Long> running = ids.subList(200, 203);
        String session = login();

        assertThat(serviceLinks(get(session, "/my"))).as("the services that are not deleted")
                .containsExactlyElementsOf(running);

        List<Long> all = new ArrayList<>();
        String page = get(session, "/my?all=true");
        all.addAll(serviceLinks(page));
        for (int number = 1; page.contains("page=" + number + "\""); number++) {
            page = get(session, "/my?all=true&page=" + number);
            all.addAll(serviceLinks(page));
        }
        assertThat(all).as("every service once, through the page links").containsExactlyElementsOf(ids);
    }

    @Test
    void threeYearsOfDailyChargesShowTheNewestMonthsWholeAndLinkToTheOlderOnes() {
        LocalDate first = LocalDate.of(2024, 1, 1);
        LocalDate last = first.plusDays(1099);
        payments.receiveForClient(clientId, null, new BigDecimal("275.00"), "long-" + unique);
        transactions.executeWithoutResult(tx -> {
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                billing.charge(new ChargeRequest("long-" + unique + "-" + day, clientId, tariffId, null,
                        new BigDecimal("0.25"), day, day.plusDays(1), "Day " + day));
            }
        });
        assertThat(last).isEqualTo(LocalDate.of(2027, 1, 4));
        String session = login();

        String newest = get(session, "/my/billing");
        assertThat(newest).as("the last charge").contains("Day 2027-01-04");
        // the oldest month shown is whole: each of its days, and its total
        String oldestShown = oldestMonthShown(newest);
        assertThat(days(newest, oldestShown)).as("days of " + oldestShown + " shown").isEqualTo(
                LocalDate.parse(oldestShown + "-01").lengthOfMonth());

        List<String> shown = new ArrayList<>(lines(newest));
        String page = newest;
        for (int pages = 1; OLDER_MONTHS.matcher(page).find(); pages++) {
            assertThat(pages).as("pages of the statement").isLessThan(5);
            Matcher older = OLDER_MONTHS.matcher(page);
            assertThat(older.find()).isTrue();
            page = get(session, HtmlUtils.htmlUnescape(older.group(1)));
            shown.addAll(lines(page));
        }
        assertThat(shown).as("every day once, over the pages").hasSize(1100).doesNotHaveDuplicates()
                .contains("Day 2024-01-01");

        String console = get(login("demo", "demo"), "/console/clients/" + clientId);
        assertThat(console).as("the console's client page shows the newest month too").contains("Day 2027-01-04");

        // item 4 of helper-98's brief: paging the months keeps the payments' and credits' pages, and back (the links
        // were the months alone, so paging one list reset the others)
        for (String[] where : List.of(new String[] {session, "/my/billing"},
                new String[] {login("demo", "demo"), "/console/clients/" + clientId})) {
            String paged = get(where[0], where[1] + "?payments=1&credits=2");
            Matcher older = OLDER_MONTHS.matcher(paged);
            assertThat(older.find()).as(where[1]).isTrue();
            String olderLink = HtmlUtils.htmlUnescape(older.group(1));
            assertThat(olderLink).as(where[1]).contains("payments=1", "credits=2");
            Matcher newestLink = NEWEST_MONTHS.matcher(get(where[0], olderLink));
            assertThat(newestLink.find()).as(where[1]).isTrue();
            assertThat(HtmlUtils.htmlUnescape(newestLink.group(1))).as(where[1]).contains("payments=1", "credits=2")
                    .doesNotContain("before=");
        }
    }

    /**
     * A client with 120 payments and 120 credits: the client area showed the newest 100 of each, the console 50, and
     * nothing older. Each list now links to its older rows, keeping the other list's page.
     */
    @Test
    void manyPaymentsAndCreditsPageThroughAllOfThem() {
        for (int i = 0; i < 120; i++) {
            payments.receiveForClient(clientId, null, new BigDecimal("1.00"), "pay-" + unique + "-" + i);
            billing.credit(new CreditRequest("credit-" + unique + "-" + i, clientId, providerId, null,
                    CreditKind.ADJUSTMENT, new BigDecimal("0.01"), null, null, "Goodwill " + unique + "-" + i));
        }
        String session = login();
        assertThat(pagedThrough(session, "/my/billing", "pay-" + unique + "-\\d+", "payments"))
                .as("every payment once, in the client area").hasSize(120).doesNotHaveDuplicates();
        assertThat(pagedThrough(session, "/my/billing", "Goodwill " + unique + "-\\d+", "credits"))
                .as("every credit once, in the client area").hasSize(120).doesNotHaveDuplicates();
        String admin = login("demo", "demo");
        assertThat(pagedThrough(admin, "/console/clients/" + clientId, "pay-" + unique + "-\\d+", "payments"))
                .as("every payment once, in the console").hasSize(120).doesNotHaveDuplicates();
        assertThat(pagedThrough(admin, "/console/clients/" + clientId + "?payments=2", "Goodwill " + unique
                + "-\\d+", "credits")).as("every credit once, in the console, on the oldest payments' page")
                .hasSize(120).doesNotHaveDuplicates();
    }

    /** What {@code row} finds on the page and the pages its "Older {list}" links lead to. */
    private List<String> pagedThrough(String session, String path, String row, String list) {
        Pattern older = Pattern.compile("href=\"([^\"]*)\"[^>]*>Older " + list);
        List<String> found = new ArrayList<>();
        String page = get(session, path);
        for (int pages = 1; ; pages++) {
            assertThat(pages).as("pages of " + list).isLessThan(5);
            Matcher rows = Pattern.compile(row).matcher(page);
            while (rows.find()) {
                found.add(rows.group());
            }
            Matcher link = older.matcher(page);
            if (!link.find()) {
                return found;
            }
            page = get(session, HtmlUtils.htmlUnescape(link.group(1)));
        }
    }

    private static List<Long> serviceLinks(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher link = SERVICE_LINK.matcher(page);
        while (link.find()) {
            long id = Long.parseLong(link.group(1));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids.stream().sorted().toList();
    }

    private static List<String> lines(String page) {
        List<String> days = new ArrayList<>();
        Matcher day = Pattern.compile("Day \\d{4}-\\d{2}-\\d{2}").matcher(page);
        while (day.find()) {
            days.add(day.group());
        }
        return days;
    }

    /** The month (yyyy-MM) of the oldest line shown. */
    private static String oldestMonthShown(String page) {
        return lines(page).stream().sorted().findFirst().orElseThrow().substring(4, 11);
    }

    private static long days(String page, String month) {
        return lines(page).stream().filter(line -> line.startsWith("Day " + month)).count();
    }

    private String login() {
        return login(email, PASSWORD);
    }

    private String login(String username, String password) {
        return ConsoleSecurityTest.login(http(), username, password);
    }

    private TestRestTemplate http() {
        return template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    private String get(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> page = http().exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(page.getStatusCode().value()).as(path).isEqualTo(200);
        return page.getBody();
    }
}
