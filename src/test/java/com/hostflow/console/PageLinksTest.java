package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.util.HtmlUtils;

import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
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
import com.hostflow.common.web.PageParameterGuard;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.support.IntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

/**
 * Every link of the console and the client area, followed as each role would (an admin, staff, a client): each page
 * a link leads to opens (200, or a redirect to another page of the area), never a 404, 403, 500 or a stack trace.
 * One link stands for the links that differ from it only in their numbers (a page of a list, one service's page for
 * every service's): the shared test database holds thousands of rows, and opening each row's page took a minute.
 */
@IntegrationTest
class PageLinksTest {

    private static final String PASSWORD = "page-links-1";
    /** Links of the pages themselves; the webapps, Swagger UI and the assets are not the pages'. */
    private static final Pattern HREF = Pattern.compile("href=\"(/(?:console|my)[^\"#]*)\"");
    private static final int MAX_PAGES = 400;

    @Autowired
    TestRestTemplate template;
    @Autowired
    ClientService clients;
    @Autowired
    PaymentService payments;
    @Autowired
    StaffUserService staffUsers;
    @Autowired
    DepartmentService departments;
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
    TransactionTemplate transactions;
    @Autowired
    ServiceRepository services;
    @Autowired
    Clock clock;
    @Autowired
    ServletContext servletContext;

    final String unique = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyLinkOfTheConsoleOpensForAnAdmin() {
        assertEveryLinkOpens(login("demo", "demo"), "/console");
    }

    @Test
    void everyLinkOfTheConsoleOpensForStaff() {
        String department = "links-" + unique;
        departments.create(new DepartmentForm("Links desk " + unique, department));
        staffUsers.create(new StaffUser("links-" + unique, "Staff", "Links", null, Set.of(StaffRole.STAFF),
                Set.of(department)), PASSWORD);
        assertEveryLinkOpens(login("links-" + unique, PASSWORD), "/console");
    }

    /** A client with a tariff to order and a running service of it, paid for 20 more days. */
    @Test
    void everyLinkOfTheClientAreaOpensForAClient() {
        long providerId = providers.create(new ProviderForm("Links hosting " + unique, "EUR")).id();
        String type = "links-" + unique;
        productTypes.create(new ProductTypeForm(type, "Links " + unique, TrialPolicy.NONE, false, false, 0,
                ClientDeletion.ALLOWED, OnClientDelete.IMMEDIATELY, List.of(Period.MONTH), List.of(), List.of()));
        long moduleId = transactions.execute(tx -> moduleRows.save(new ProcessingModule(
                productTypeRows.findByCode(type).orElseThrow(), "manual", "Links by hand " + unique)).getId());
        long tariffId = tariffs.create(new TariffForm(type, providerId, null, "Links <b>" + unique + "</b>", true,
                List.of(moduleId), null, false, null, Map.of(Period.MONTH, new BigDecimal("10.00")), 0, List.of()))
                .id();
        String email = "links-" + unique + "@example.com";
        long clientId = clients.create(new ClientData(email, "Links " + unique, null, providerId, PASSWORD)).getId();
        payments.receiveForClient(clientId, null, new BigDecimal("1.00"), "links-" + unique);
        Instant now = clock.instant();
        ServiceInstance running = new ServiceInstance(clientId, tariffId, providerId, type, Period.MONTH, false,
                Map.of(), Map.of(), null, now);
        running.changeStatus(ServiceStatus.ACTIVE, now);
        running.paidUntil(now.plus(Duration.ofDays(20)), null, now);
        long serviceId = services.save(running).getId();

        Set<String> opened = assertEveryLinkOpens(login(email, PASSWORD), "/my");

        assertThat(opened).contains("/my/services/" + serviceId, "/my/order/" + tariffId, "/my/billing");
    }

    /**
     * The pages' links are written as they are, not looked up as static resources: Spring Boot's resource URL
     * filter searched the classpath's jars for each link of every page (its cache keeps only the resources it finds),
     * about half the server's CPU for a page; no page links a webjar or a versioned resource.
     */
    @Test
    void thePagesLinksAreNotLookedUpAsStaticResources() {
        assertThat(servletContext.getFilterRegistrations().values())
                .extracting(FilterRegistration::getClassName)
                .contains(PageParameterGuard.class.getName())
                .doesNotContain(ResourceUrlEncodingFilter.class.getName());
        String session = login("demo", "demo");
        String page = get(session, "/console").getBody();
        assertThat(page).contains("href=\"/console/tariffs\"");
    }

    /** Answers the pages it opened. */
    private Set<String> assertEveryLinkOpens(String session, String start) {
        Map<String, String> foundOn = new LinkedHashMap<>();
        Set<String> kinds = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(start));
        foundOn.put(start, "(start)");
        int opened = 0;
        while (!next.isEmpty() && opened < MAX_PAGES) {
            String path = next.poll();
            ResponseEntity<String> page = get(session, path);
            opened++;
            int status = page.getStatusCode().value();
            String where = path + " (linked from " + foundOn.get(path) + ")";
            if (status == 302) {
                String location = page.getHeaders().getLocation().getPath();
                assertThat(location).as(where).startsWith(start).doesNotContain("/login");
                continue;
            }
            assertThat(status).as(where).isEqualTo(200);
            String body = page.getBody() == null ? "" : page.getBody();
            assertThat(body).as(where).doesNotContain("Exception").doesNotContain("th:text");
            Matcher link = HREF.matcher(body);
            while (link.find()) {
                String target = HtmlUtils.htmlUnescape(link.group(1));
                // the first link of its kind stands for those that differ only in their numbers
                if (kinds.add(target.replaceAll("\\d+", "#"))) {
                    foundOn.put(target, path);
                    next.add(target);
                }
            }
        }
        assertThat(opened).as("pages opened from " + start).isGreaterThan(3);
        return foundOn.keySet();
    }

    private String login(String username, String password) {
        return ConsoleSecurityTest.login(http(), username, password);
    }

    private TestRestTemplate http() {
        return template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    private ResponseEntity<String> get(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http().exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
