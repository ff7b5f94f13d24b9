package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.resume.ServiceResumes;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * The pages' counterpart of the API's {@code MalformedInputFuzzTest}: logs in through the login form as an admin, a
 * staff member and two clients, discovers every form of the console and the client area by GETting the pages they
 * reach (the overview's links, the create and edit pages of its own catalog entries, a client's page, a service's
 * page, the client's shop, order, service, billing and password pages, an add-on change's confirmation, the "keep"
 * of a deletion waiting for the end of the paid period, and the login form itself), and submits each form again with
 * one mutation at a time: fields emptied or left out, non-numbers, fractions, negative and huge numbers in number
 * fields, NUL and lone-surrogate bytes, 256-, 4001- and 10,000-character strings, unknown select values, duplicated
 * parameters, stale versions and made-up ids in hidden fields, a nonexistent or another client's id in the action
 * path, a missing or another session's CSRF token, and the form sent by a login that may not send it.
 *
 * <p>Every answer must be below 500 and neither a whitelabel page nor a stack trace; a 4xx is an HTML page. A refusal
 * is a 4xx, or the form again (200) or a redirect whose page carries the problem; a 400 for a select names its field,
 * and a too-long value is never said to be a conflict. A mutation the server must refuse is refused, and every refused
 * submission leaves a snapshot of the database as it was (catalog rows and versions; the two clients' money, orders,
 * services, suspensions, module operations, deletion codes and notifications; the walk's audit entries). The walk
 * touches only entries it created itself; about 400 submissions, some 20 to 40 seconds on the shared context.
 */
@IntegrationTest
class MalformedFormFuzzTest {

    private static final String PASSWORD = "form-fuzz-password-1";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NONEXISTENT = "999999999";

    /** What is wrong with a submission. */
    enum Mutation {
        NO_CSRF, STALE_CSRF, EMPTY, MISSING, NOT_A_NUMBER, HUGE_INTEGER, HUGE_EXPONENT, NEGATIVE, FRACTION, NUL,
        LONE_SURROGATE, STRING_256, STRING_4001, LONG_STRING, UNKNOWN_OPTION, DUPLICATED, STALE_VERSION, HIDDEN_IDS,
        PATH_NONEXISTENT, PATH_OTHER_CLIENT, AS_STAFF, AS_CLIENT;

        /** Refused whatever form carries them (when they apply to it). */
        static final Set<Mutation> REFUSED = EnumSet.of(NO_CSRF, STALE_CSRF, NOT_A_NUMBER, HUGE_INTEGER,
                HUGE_EXPONENT, NUL, DUPLICATED, STALE_VERSION, PATH_NONEXISTENT, PATH_OTHER_CLIENT, AS_STAFF,
                AS_CLIENT);
    }

    record Field(String name, String type, String value, List<String> options) {

        boolean integer() {
            return type.equals("number") || type.equals("numeric");
        }

        boolean number() {
            return integer() || type.equals("decimal");
        }

        boolean text() {
            return type.equals("text") || type.equals("textarea") || type.equals("password");
        }
    }

    record Form(String page, String action, String method, List<Field> fields) {

        boolean post() {
            return method.equalsIgnoreCase("post");
        }

        /** Deletes and the like: only mutations that must be refused go there, anything else would run them. */
        boolean destructive() {
            return action.endsWith("/delete") || action.endsWith("/keep");
        }

        String key() {
            return method.toUpperCase() + " " + action;
        }
    }

    record Session(String name, String cookie, String csrf, boolean client) {
    }

    record Answer(int status, String contentType, String body, String location) {
    }

    enum Outcome {
        ACCEPTED, REFUSED
    }

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate template;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    ServiceResumes resumes;
    @Autowired
    ServiceDeletions deletions;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    TestRestTemplate http;

    long providerId;
    long otherProviderId;
    long dataCenterId;
    String departmentKey;
    long moduleId;
    String productTypeCode;
    long tariffId;
    long otherTariffId;
    long clientA;
    long clientB;
    long serviceA;
    long serviceB;
    /** The walk's own entries ("/console/tariffs/7"): forms of any other are left alone. */
    Set<String> ownIds;

    final List<String> failures = new ArrayList<>();
    final Map<Mutation, Integer> sent = new LinkedHashMap<>();
    final Map<Outcome, Integer> outcomes = new LinkedHashMap<>();
    final Set<String> walkedForms = new LinkedHashSet<>();

    @Test
    void everyFormRefusesMalformedInputWithAPageAndChangesNothing() {
        long started = System.nanoTime();
        http = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        fixtures();
        prepareSnapshot();
        Session admin = login("demo", "demo", false);
        Session staff = login(staffUser(), PASSWORD, false);
        Session ownerA = login(clientEmail("a"), PASSWORD, true);
        Session ownerB = login(clientEmail("b"), PASSWORD, true);

        walkLogin();

        // the client first: the admin's service actions come after and may end the service
        List<Form> clientForms = discover(ownerA, List.of("/my", "/my/order/" + tariffId, "/my/services/" + serviceA,
                "/my/billing", "/my/password"));
        walk(clientForms, ownerA, ownerB, staff);
        Form change = clientForms.stream().filter(f -> f.action().endsWith("/change")).findFirst().orElse(null);
        if (change != null) {
            walk(confirmPage(ownerA, change), ownerA, ownerB, staff);
        }

        // a client's deletion waiting for the end of the paid period: the client and the admin may take it back
        long waiting = waitingDeletion(ownerA, ownerB, staff);

        List<String> adminPages = new ArrayList<>(List.of("/console", "/console/datacenters/new",
                "/console/datacenters/" + dataCenterId, "/console/modules/new", "/console/modules/" + moduleId,
                "/console/product-types/new", "/console/product-types/" + productTypeCode, "/console/tariffs/new",
                "/console/tariffs/new?productType=vds", "/console/tariffs/" + tariffId,
                "/console/clients/" + clientA));
        List<Form> adminForms = discover(admin, adminPages);
        // the service's actions last, its deletion last of all
        List<Form> serviceForms = discover(admin, List.of("/console/services/" + serviceA));
        serviceForms.addAll(discover(admin, List.of("/console/services/" + waiting)).stream()
                .filter(f -> f.action().endsWith("/keep")).toList());
        serviceForms.sort((a, b) -> Boolean.compare(a.destructive(), b.destructive()));
        adminForms.addAll(serviceForms);
        walk(adminForms, admin, ownerA, staff);
        // staff read the console: what they reach is the filters and their own password
        walk(discover(staff, List.of("/console", "/console/services/" + serviceA, "/console/tariffs/" + tariffId,
                "/console/password")), staff, ownerA, staff);

        if (jdbc.queryForObject("select delete_at is not null and status <> 'DELETED' from hostflow.service"
                + " where id = ?", Boolean.class, waiting)) {
            deletions.withdraw(waiting);
        }
        quiet();

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("MalformedFormFuzzTest: %d forms, %s, %s, %d s%n%s%n", walkedForms.size(), sent, outcomes,
                seconds, String.join("\n", walkedForms));
        assertThat(failures).as("answers that are 5xx, a stack trace, or a refusal that changed data").isEmpty();
        assertThat(walkedForms).as("forms the walk found").hasSizeGreaterThan(15)
                .anyMatch(f -> f.contains("POST /my/order/")).anyMatch(f -> f.contains("/my/services/"))
                .anyMatch(f -> f.contains("POST /console/tariffs/")).anyMatch(f -> f.contains("/payments"));
        assertThat(outcomes.getOrDefault(Outcome.ACCEPTED, 0)).as("submissions that reached a controller and passed")
                .isPositive();
    }

    // --- the walk

    private void walk(List<Form> forms, Session self, Session other, Session staff) {
        for (Form form : forms) {
            long started = System.nanoTime();
            Form current = form;
            for (Mutation mutation : Mutation.values()) {
                if (applies(current, mutation, self)
                        && (!current.destructive() || Mutation.REFUSED.contains(mutation))
                        && submit(current, mutation, self, other, staff) == Outcome.ACCEPTED && current.post()) {
                    // the next mutation meets the service as it was and the form as the page shows it now
                    restoreServices();
                    current = again(self, current);
                }
            }
            walkedForms.add(self.name() + ": " + form.key() + " "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
    }

    private boolean applies(Form form, Mutation mutation, Session self) {
        List<Field> fields = form.fields();
        return switch (mutation) {
            case NO_CSRF, STALE_CSRF -> form.post();
            case EMPTY -> fields.stream().anyMatch(f -> f.text() || f.number());
            case STRING_256, STRING_4001, LONG_STRING -> fields.stream().anyMatch(Field::text);
            case MISSING, DUPLICATED -> fields.stream().anyMatch(f -> !f.name().equals("_csrf"));
            case NOT_A_NUMBER, HUGE_INTEGER, HUGE_EXPONENT, NEGATIVE -> fields.stream().anyMatch(Field::number);
            case FRACTION -> fields.stream().anyMatch(Field::integer);
            case NUL, LONE_SURROGATE -> true;
            case UNKNOWN_OPTION -> fields.stream().anyMatch(f -> f.type().equals("select"));
            case STALE_VERSION -> fields.stream().anyMatch(f -> f.name().equals("version") && !f.value().isBlank());
            case HIDDEN_IDS -> fields.stream().anyMatch(f -> f.type().equals("hidden")
                    && !f.name().equals("_csrf") && !f.name().equals("version") && !f.name().startsWith("_"));
            case PATH_NONEXISTENT -> idInPath(form.action()) != null;
            case PATH_OTHER_CLIENT -> self.client() && idInPath(form.action()) != null;
            case AS_STAFF -> form.post() && form.action().startsWith("/console/")
                    && !form.action().equals("/console/password");
            case AS_CLIENT -> form.post() && form.action().startsWith("/console/");
        };
    }

    /**
     * The login form, anonymous, with every mutation that applies to it: never a 5xx or a stack trace, never logged
     * in; refused as a 4xx or as the login page again ({@code /login?error}; without the session's CSRF token
     * {@code /login?expired}).
     */
    private void walkLogin() {
        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        Session anonymous = new Session("anonymous", ConsoleSecurityTest.sessionCookie(page),
                ConsoleSecurityTest.csrf(page.getBody()), false);
        Form login = forms("/login", page.getBody()).stream().filter(f -> f.action().equals("/login")).findFirst()
                .orElseThrow();
        walkedForms.add("anonymous: " + login.key());
        for (Mutation mutation : Mutation.values()) {
            if (!applies(login, mutation, anonymous) || mutation.name().startsWith("AS_")) {
                continue;
            }
            List<String[]> pairs = mutated(login, mutation, anonymous, anonymous);
            sent.merge(mutation, 1, Integer::sum);
            String label = "POST /login with " + mutation;
            Answer answer = post(anonymous, "/login", encode(pairs));
            String wrong = wrongPage(answer);
            if (wrong != null) {
                failures.add(label + ": " + wrong);
            } else if (answer.status() < 400 && (answer.location() == null
                    || !answer.location().contains("/login?error") && !answer.location().contains("/login?expired"))) {
                failures.add(label + ": not refused (" + answer.status() + " " + answer.location() + ")");
            }
        }
    }

    /** Sends the form with the mutation; answers what it came to, null when the answer itself is wrong. */
    private Outcome submit(Form form, Mutation mutation, Session self, Session other, Session staff) {
        Session sender = mutation == Mutation.AS_STAFF ? staff : mutation == Mutation.AS_CLIENT ? other : self;
        String action = switch (mutation) {
            case PATH_NONEXISTENT -> form.action().replace("/" + idInPath(form.action()), "/" + NONEXISTENT);
            case PATH_OTHER_CLIENT -> form.action().replace("/" + idInPath(form.action()),
                    "/" + otherClientsId(form.action()));
            default -> form.action();
        };
        List<String[]> pairs = mutated(form, mutation, self, sender);
        String label = String.format("%s %s as %s with %s", form.method().toUpperCase(), action, sender.name(),
                mutation);
        sent.merge(mutation, 1, Integer::sum);

        quiet();
        String before = snapshot();
        Answer answer = form.post() ? post(sender, action, encode(pairs))
                : get(sender, action + (action.contains("?") ? "&" : "?") + encode(pairs));
        Outcome outcome = judge(label, sender, answer);
        if (outcome == null) {
            String after = snapshot();
            if (!after.equals(before)) {
                failures.add(label + ": and the data changed\n  before: " + before + "\n  after:  " + after);
            }
            return null;
        }
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome == Outcome.REFUSED) {
            if (mutation == Mutation.UNKNOWN_OPTION && answer.status() == 400
                    && form.fields().stream().filter(f -> f.type().equals("select"))
                            .noneMatch(f -> shown.contains("&#39;" + f.name() + "&#39;"))) {
                failures.add(label + ": the 400 page does not name the field: " + abbreviate(shown));
            }
            if (mutation == Mutation.UNKNOWN_OPTION && shown.contains("must be a number")) {
                failures.add(label + ": a choice the form does not offer is said to be no number");
            }
            if (EnumSet.of(Mutation.STRING_256, Mutation.STRING_4001, Mutation.LONG_STRING).contains(mutation)
                    && shown.contains("conflicts with existing data")) {
                failures.add(label + ": a value too long is said as a conflict, not as the field's problem");
            }
            String after = snapshot();
            if (!after.equals(before)) {
                failures.add(label + ": refused, yet the data changed\n  before: " + before + "\n  after:  " + after);
            }
        } else if (Mutation.REFUSED.contains(mutation) && form.post()) {
            failures.add(label + ": must be refused, was accepted (" + answer.status() + " "
                    + abbreviate(answer.body()) + ")");
        }
        return outcome;
    }

    /**
     * A second service of client A, deleted through its page: with the product type's deletion at the end of the
     * paid period, its pages offer to keep it (walked here for the client, with the admin's pages for the admin).
     */
    private long waitingDeletion(Session owner, Session other, Session staff) {
        long service = activeService(clientA, clientEmail("a"), tariffId);
        ownIds.add("/my/services/" + service);
        ownIds.add("/console/services/" + service);
        // vds is shared: another test may have made its deletion immediate, or the client's deletion impossible
        Form delete = discover(owner, List.of("/my/services/" + service)).stream()
                .filter(f -> f.action().endsWith("/delete")).findFirst().orElse(null);
        if (delete == null) {
            return service;
        }
        List<String[]> pairs = new ArrayList<>();
        delete.fields().forEach(f -> pairs.add(new String[] {f.name(), f.name().equals("_csrf") ? owner.csrf()
                : f.value()}));
        assertThat(post(owner, delete.action(), encode(pairs)).status()).isEqualTo(302);
        quiet();
        walk(discover(owner, List.of("/my/services/" + service)).stream().filter(f -> f.action().endsWith("/keep"))
                .toList(), owner, other, staff);
        return service;
    }

    /** Client A's service running again, without a deletion in wait, after an action the walk got accepted. */
    private void restoreServices() {
        quiet();
        if (jdbc.queryForObject("select count(*) from hostflow.service_suspension where service_id = ?", Long.class,
                serviceA) > 0) {
            resumes.requestResume(serviceA, EnumSet.allOf(SuspensionReason.class), "form fuzz: back to running");
        }
        if (jdbc.queryForObject("select delete_at is not null and status <> 'DELETED' from hostflow.service"
                + " where id = ?", Boolean.class, serviceA)) {
            deletions.withdraw(serviceA);
        }
        quiet();
    }

    /** The form as its page shows it now (a new version after a save), or as it was when the page has it no more. */
    private Form again(Session session, Form form) {
        Answer page = get(session, form.page());
        return page.status() != 200 ? form : forms(form.page(), page.body()).stream()
                .filter(f -> f.key().equals(form.key())).findFirst().orElse(form);
    }

    /** The fields a browser would send, with the mutation applied to them, the CSRF token the sender's. */
    private List<String[]> mutated(Form form, Mutation mutation, Session self, Session sender) {
        List<String[]> pairs = new ArrayList<>();
        for (Field field : form.fields()) {
            String value = field.name().equals("_csrf") ? sender.csrf() : field.value();
            pairs.add(new String[] {field.name(), value});
        }
        switch (mutation) {
            case NO_CSRF -> pairs.removeIf(p -> p[0].equals("_csrf"));
            case STALE_CSRF -> replace(pairs, "_csrf", anonymousCsrf());
            case EMPTY -> form.fields().stream().filter(f -> f.text() || f.number())
                    .forEach(f -> replace(pairs, f.name(), ""));
            case MISSING -> pairs.removeIf(p -> !p[0].equals("_csrf"));
            case NOT_A_NUMBER -> numbers(form, pairs, "abc", false);
            case HUGE_INTEGER -> numbers(form, pairs, "99999999999999999999", false);
            case HUGE_EXPONENT -> numbers(form, pairs, "1e400", false);
            case NEGATIVE -> numbers(form, pairs, "-1", false);
            case FRACTION -> numbers(form, pairs, "1.5", true);
            case NUL -> textOrExtra(form, pairs, "a\u0000b");
            case LONE_SURROGATE -> textOrExtra(form, pairs, "a\uD800b");
            // just past a varchar(255), past the engine's 4000-character text variables, and far past both
            case STRING_256, STRING_4001, LONG_STRING -> form.fields().stream().filter(Field::text)
                    .forEach(f -> replace(pairs, f.name(), "x".repeat(mutation == Mutation.STRING_256 ? 256
                            : mutation == Mutation.STRING_4001 ? 4001 : 10_000)));
            case UNKNOWN_OPTION -> form.fields().stream().filter(f -> f.type().equals("select"))
                    .forEach(f -> replace(pairs, f.name(), f.options().stream()
                            .allMatch(o -> o.isEmpty() || o.matches("\\d+")) ? NONEXISTENT : "NO_SUCH_OPTION"));
            case DUPLICATED -> {
                List<String[]> doubled = new ArrayList<>();
                for (String[] pair : pairs) {
                    doubled.add(pair);
                    if (!pair[0].equals("_csrf")) {
                        doubled.add(new String[] {pair[0], pair[1].isEmpty() ? "2" : pair[1] + "2"});
                    }
                }
                pairs.clear();
                pairs.addAll(doubled);
            }
            case STALE_VERSION -> pairs.stream().filter(p -> p[0].equals("version"))
                    .forEach(p -> p[1] = String.valueOf(Long.parseLong(p[1]) - 1));
            case HIDDEN_IDS -> form.fields().stream().filter(f -> f.type().equals("hidden")
                    && !f.name().equals("_csrf") && !f.name().equals("version") && !f.name().startsWith("_"))
                    .forEach(f -> replace(pairs, f.name(), self.client() ? String.valueOf(serviceB) : NONEXISTENT));
            default -> {
                // the sender or the path is the mutation
            }
        }
        return pairs;
    }

    /** Answers what the submission came to, or null after recording why the answer itself is wrong. */
    private Outcome judge(String label, Session sender, Answer answer) {
        String wrong = wrongPage(answer);
        if (wrong != null) {
            failures.add(label + ": " + wrong);
            return null;
        }
        int status = answer.status();
        if (status >= 400) {
            shown = answer.body();
            return Outcome.REFUSED;
        }
        if (status >= 300) {
            String location = URI.create(answer.location()).getPath();
            if (location.equals("/login")) {
                failures.add(label + ": redirected to the login, the session is lost");
                return null;
            }
            Answer next = get(sender, URI.create(answer.location()).getRawPath()
                    + (URI.create(answer.location()).getRawQuery() == null ? ""
                            : "?" + URI.create(answer.location()).getRawQuery()));
            String wrongNext = wrongPage(next);
            if (wrongNext != null) {
                failures.add(label + ": the page it redirected to: " + wrongNext);
                return null;
            }
            shown = next.body();
            return next.body().contains("id=\"alert\"") ? Outcome.REFUSED : Outcome.ACCEPTED;
        }
        String body = answer.body();
        shown = body;
        return body.contains("class=\"field-error\"") || body.contains("id=\"form-problems\"")
                || body.contains("id=\"attention\"") || body.contains("id=\"alert\"") ? Outcome.REFUSED
                        : Outcome.ACCEPTED;
    }

    private static String wrongPage(Answer answer) {
        String body = answer.body();
        if (answer.status() >= 500) {
            return answer.status() + " " + abbreviate(body);
        }
        for (String leak : List.of("Whitelabel", "Exception", "\tat ", "at com.hostflow.", "at org.", "java.lang.",
                "Apache Tomcat", "Something went wrong")) {
            if (body.contains(leak)) {
                return answer.status() + " with '" + leak.trim() + "': " + abbreviate(body);
            }
        }
        // a query past Tomcat's 8 KB for the request line and headers is refused by the connector (414, or 431 when
        // the headers pass the limit), before any filter: its valve answers the problem JSON for pages too (a
        // browser sends no such GET form: the page sets no limit)
        boolean connectorRefusal = (answer.status() == 414 || answer.status() == 431)
                && answer.contentType().startsWith("application/problem+json");
        if (answer.status() >= 400 && !answer.contentType().startsWith("text/html") && !connectorRefusal
                && !(answer.status() == 400 && answer.body().contains("the request is malformed"))) {
            return answer.status() + " as " + answer.contentType() + ", not a page: " + abbreviate(body);
        }
        return null;
    }

    // --- mutating fields

    private static void replace(List<String[]> pairs, String name, String value) {
        pairs.stream().filter(p -> p[0].equals(name)).forEach(p -> p[1] = value);
    }

    private static void numbers(Form form, List<String[]> pairs, String value, boolean integersOnly) {
        form.fields().stream().filter(f -> integersOnly ? f.integer() : f.number())
                .forEach(f -> replace(pairs, f.name(), value));
    }

    /** Into every text field, or as a field of its own when the form has none. */
    private static void textOrExtra(Form form, List<String[]> pairs, String value) {
        if (form.fields().stream().anyMatch(Field::text)) {
            form.fields().stream().filter(Field::text).forEach(f -> replace(pairs, f.name(), value));
        } else {
            pairs.add(new String[] {"comment", value});
        }
    }

    /** The id (or product type code) the action path names, or null for a path without one. */
    private String idInPath(String action) {
        for (String segment : URI.create(action).getPath().split("/")) {
            if (segment.matches("\\d+") || segment.equals(productTypeCode)) {
                return segment;
            }
        }
        return null;
    }

    private String otherClientsId(String action) {
        return action.startsWith("/my/order/") ? String.valueOf(otherTariffId) : String.valueOf(serviceB);
    }

    /**
     * Form-encoded by hand: a lone surrogate goes out as the bytes a lenient encoder makes of it (ED A0 80), which
     * {@link URLEncoder} would replace by a question mark.
     */
    private static String encode(List<String[]> pairs) {
        StringBuilder body = new StringBuilder();
        for (String[] pair : pairs) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(encode(pair[0])).append('=').append(encode(pair[1]));
        }
        return body.toString();
    }

    private static String encode(String text) {
        int surrogate = text.indexOf('\uD800');
        if (surrogate >= 0) {
            return encode(text.substring(0, surrogate)) + "%ED%A0%80" + encode(text.substring(surrogate + 1));
        }
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // --- discovering forms

    /** The forms of the pages and of the pages they link to in the same area, limited to the walk's own entries. */
    private List<Form> discover(Session session, List<String> start) {
        String area = session.client() ? "/my" : "/console";
        Set<String> pages = new LinkedHashSet<>(start);
        for (String page : start) {
            if (page.equals("/console") || page.equals("/my")) {
                Matcher link = Pattern.compile("href=\"(" + area + "[^\"#]*)\"").matcher(get(session, page).body());
                while (link.find()) {
                    pages.add(unescape(link.group(1)));
                }
            }
        }
        List<Form> forms = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String page : pages) {
            Answer answer = get(session, page);
            String wrong = wrongPage(answer);
            assertThat(wrong).as("GET %s as %s", page, session.name()).isNull();
            assertThat(answer.status()).as("GET %s as %s", page, session.name()).isEqualTo(200);
            for (Form form : forms(page, answer.body())) {
                if (ours(session, form) && seen.add(form.key())) {
                    forms.add(form);
                }
            }
        }
        return forms;
    }

    /** Skips the logout, the demo admin's password (five wrong ones lock it for the suite) and others' entries. */
    private boolean ours(Session session, Form form) {
        String path = URI.create(form.action()).getPath();
        if (path.equals("/logout") || path.equals("/console/password") && session.name().equals("demo")) {
            return false;
        }
        Matcher id = Pattern.compile("^(/[a-z]+/[a-z-]+)/(\\d+)").matcher(path);
        if (id.find() && !ownIds.contains(id.group(1) + "/" + id.group(2))) {
            return false;
        }
        return !path.startsWith("/console/product-types/") || path.equals("/console/product-types/new")
                || path.startsWith("/console/product-types/" + productTypeCode);
    }

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern TEMPLATE = Pattern.compile("<template\\b.*?</template>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
    private static final Pattern SELECT = Pattern.compile("<select\\b([^>]*)>(.*?)</select>", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>");
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:-]+)(?:\\s*=\\s*\"([^\"]*)\")?");

    /** What a browser would send of each form: checked boxes only, the selected option, no template rows. */
    static List<Form> forms(String page, String html) {
        List<Form> forms = new ArrayList<>();
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> attributes = attributes(form.group(1));
            String body = TEMPLATE.matcher(form.group(2)).replaceAll("");
            List<Field> fields = new ArrayList<>();
            Matcher input = INPUT.matcher(body);
            while (input.find()) {
                Map<String, String> a = attributes(input.group(1));
                String name = a.get("name");
                String type = a.getOrDefault("type", "text");
                if (name == null || a.containsKey("disabled") || type.equals("submit") || type.equals("button")) {
                    continue;
                }
                if ((type.equals("checkbox") || type.equals("radio")) && !a.containsKey("checked")) {
                    continue;
                }
                String kind = switch (type) {
                    case "number" -> "number";
                    case "hidden", "checkbox", "radio", "password" -> type;
                    default -> switch (a.getOrDefault("inputmode", "")) {
                        case "numeric" -> "numeric";
                        case "decimal" -> "decimal";
                        default -> "text";
                    };
                };
                String value = a.getOrDefault("value", type.equals("checkbox") ? "on" : "");
                fields.add(new Field(name, kind, value, List.of()));
            }
            Matcher select = SELECT.matcher(body);
            while (select.find()) {
                Map<String, String> a = attributes(select.group(1));
                if (a.get("name") == null || a.containsKey("disabled")) {
                    continue;
                }
                List<String> options = new ArrayList<>();
                String selected = null;
                Matcher option = OPTION.matcher(select.group(2));
                while (option.find()) {
                    Map<String, String> o = attributes(option.group(1));
                    String value = o.getOrDefault("value", "");
                    options.add(value);
                    if (o.containsKey("selected")) {
                        selected = value;
                    }
                }
                fields.add(new Field(a.get("name"), "select",
                        selected != null ? selected : options.isEmpty() ? "" : options.get(0), options));
            }
            Matcher textarea = TEXTAREA.matcher(body);
            while (textarea.find()) {
                Map<String, String> a = attributes(textarea.group(1));
                if (a.get("name") != null) {
                    fields.add(new Field(a.get("name"), "textarea", unescape(textarea.group(2)), List.of()));
                }
            }
            String action = attributes.getOrDefault("action", page);
            forms.add(new Form(page, action.isEmpty() ? page : action, attributes.getOrDefault("method", "get"),
                    fields));
        }
        return forms;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1).toLowerCase(), attribute.group(2) == null ? ""
                    : unescape(attribute.group(2)));
        }
        return attributes;
    }

    private static String unescape(String text) {
        return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** The confirmation step of an add-on change: its form carries the new values in hidden fields. */
    private List<Form> confirmPage(Session session, Form change) {
        List<String[]> pairs = new ArrayList<>();
        for (Field field : change.fields()) {
            String value = field.name().equals("_csrf") ? session.csrf()
                    : field.name().equals("addons[ram]") ? "2048" : field.value();
            pairs.add(new String[] {field.name(), value});
        }
        Answer answer = post(session, change.action(), encode(pairs));
        assertThat(answer.status()).as("the change's quote: %s", abbreviate(answer.body())).isEqualTo(200);
        return forms(change.action(), answer.body()).stream().filter(f -> f.action().endsWith("/change/confirm"))
                .toList();
    }

    // --- the database as it was

    /**
     * Catalog rows and versions; the two clients' money, orders, services, suspensions, module operations, deletion
     * codes and notifications; the audit entries of the walk's logins. One statement (it was 21, twice for each of
     * some 400 submissions); the audit entries counted from the walk's first one on (earlier ones never change), so
     * the count is not a scan of the whole shared table.
     */
    private String snapshot() {
        return jdbc.queryForMap(snapshotSql, clientA, clientA, clientA, clientB, clientB, clientB, auditFrom,
                clientEmail("a"), clientEmail("b"), staffUser()).toString();
    }

    private String snapshotSql;
    /** The first audit entry the walk can have made. */
    private long auditFrom;

    /** The one statement of {@link #snapshot}, and where its audit entries start. */
    private void prepareSnapshot() {
        List<String> columns = new ArrayList<>();
        for (String table : List.of("data_center", "department", "provider", "processing_module", "product_type",
                "tariff_group", "tariff_plan")) {
            columns.add("(select count(*) || '/' || coalesce(sum(version), 0) from hostflow." + table + ") as "
                    + table);
        }
        for (String table : List.of("tariff_price", "tariff_addon", "tariff_addon_price", "tariff_processing_module",
                "product_type_resource", "product_type_parameter", "product_type_period")) {
            columns.add("(select count(*) from hostflow." + table + ") as " + table);
        }
        for (String who : List.of("a", "b")) {
            columns.add("(select row(c.version, (select sum(balance) from hostflow.account a where a.client_id = c.id),"
                    + " (select count(*) from hostflow.payment p where p.client_id = c.id),"
                    + " (select count(*) from hostflow.service_order o where o.client_id = c.id),"
                    + " (select count(*) from hostflow.expense e where e.client_id = c.id),"
                    + " (select count(*) from hostflow.credit r where r.client_id = c.id))::text"
                    + " from hostflow.client c where c.id = ?) as client_" + who);
            // row(...)::text keeps a null in its place (empty between commas), so no two states read alike
            columns.add("(select string_agg(row(s.id, s.status, s.version, s.paid_until, s.addons, s.params,"
                    + " s.delete_at,"
                    + " (select count(*) from hostflow.service_suspension u where u.service_id = s.id),"
                    + " (select count(*) from hostflow.service_operation o where o.service_id = s.id),"
                    + " (select count(*) from hostflow.deletion_code d where d.service_id = s.id))::text, ' '"
                    + " order by s.id) from hostflow.service s where s.client_id = ?) as services_" + who);
            columns.add("(select count(*) from hostflow.notification where client_id = ?) as notifications_" + who);
        }
        // a refused change leaves no audit entry of a change that did not happen
        columns.add("(select count(*) from hostflow.audit_entry where id >= ? and username in ('demo', ?, ?, ?))"
                + " as audit");
        snapshotSql = "select " + String.join(", ", columns);
        auditFrom = jdbc.queryForObject("select coalesce(max(id), 0) + 1 from hostflow.audit_entry", Long.class);
    }

    /**
     * Waits until the processes of the two clients' services have nothing left to do soon. Mostly they have not: one
     * statement over the engine's tables says so (what {@link #settled} asks of each service through the engine's
     * queries, a dozen of them, before and after each of some 400 submissions), and only then are they looked at
     * one by one.
     */
    private void quiet() {
        Date soon = new Date(ClockUtil.getCurrentTime().getTime() + Duration.ofMinutes(10).toMillis());
        if (jdbc.queryForObject(PENDING, Long.class, clientA, clientB, soon) == 0) {
            return;
        }
        for (long service : jdbc.queryForList("select id from hostflow.service where client_id in (?, ?)",
                Long.class, clientA, clientB)) {
            Awaitility.await("the processes of service " + service + " to settle").atMost(WAIT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> settled(service));
        }
    }

    /**
     * The jobs and external tasks of the two clients' services' processes, but for timers due later than the given
     * moment: {@link #settled}'s question for all services at once (the engine's {@code duedateHigherThan} is "later
     * than"; a job without a due date is due now).
     */
    private static final String PENDING = "with instances as (select e.id_ from act_ru_execution e"
            + " where e.id_ = e.proc_inst_id_ and e.business_key_ in"
            + " (select s.id::text from hostflow.service s where s.client_id in (?, ?)))"
            + " select (select count(*) from act_ru_job j where j.process_instance_id_ in (select id_ from instances)"
            + " and not coalesce(j.type_ = 'timer' and j.duedate_ > ?, false))"
            + " + (select count(*) from act_ru_ext_task t where t.proc_inst_id_ in (select id_ from instances))";

    /**
     * Whether nothing of the service's processes is due within ten minutes; its near timers (polls, back-offs) run
     * now. A far one, a deletion waiting for the end of the paid period or an order for its payment, may wait.
     */
    private boolean settled(long service) {
        Date soon = new Date(ClockUtil.getCurrentTime().getTime() + Duration.ofMinutes(10).toMillis());
        boolean settled = true;
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(service)).list()) {
            String id = instance.getId();
            long farTimers = management.createJobQuery().processInstanceId(id).timers().duedateHigherThan(soon)
                    .count();
            if (management.createJobQuery().processInstanceId(id).count() > farTimers
                    || externalTasks.createExternalTaskQuery().processInstanceId(id).count() > 0) {
                settled = false;
            }
            for (Job job : management.createJobQuery().processInstanceId(id).timers().duedateLowerThan(soon)
                    .list()) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException e) {
                    // the job executor took it at the same moment: the next round looks again
                }
            }
        }
        return settled;
    }

    // --- fixtures, through the API as the admin

    private void fixtures() {
        SimulatedVps shop = new SimulatedVps(template, runtime, management, port).catalog();
        providerId = shop.providerId;
        dataCenterId = shop.dataCenterId;
        moduleId = shop.moduleId;
        departmentKey = shop.departmentKey;
        otherProviderId = created("/providers", Map.of("name", "Form fuzz other " + unique, "currency", "EUR"));
        productTypeCode = "fuzz-" + unique;
        Map<String, Object> productType = new LinkedHashMap<>();
        productType.put("code", productTypeCode);
        productType.put("name", "Form fuzz " + unique);
        productType.put("trialPolicy", "NONE");
        productType.put("autoDeletionDays", 7);
        productType.put("clientDeletion", "ALLOWED");
        productType.put("onClientDelete", "IMMEDIATELY");
        productType.put("orderPeriods", List.of("MONTH"));
        productType.put("resources", List.of(Map.of("code", "disk", "name", "Disk", "unit", "GiB")));
        productType.put("parameters", List.of(Map.of("code", "os", "name", "OS", "required", true)));
        api(HttpMethod.POST, "/product-types", productType);
        tariffId = created("/tariffs", tariff(providerId));
        otherTariffId = created("/tariffs", tariff(otherProviderId));
        api(HttpMethod.POST, "/users", Map.of("username", staffUser(), "password", PASSWORD, "firstName", "Staff",
                "lastName", unique, "roles", List.of("STAFF"), "departments", List.of(departmentKey)));
        clientA = client("a", providerId);
        clientB = client("b", otherProviderId);
        serviceA = activeService(clientA, clientEmail("a"), tariffId);
        serviceB = activeService(clientB, clientEmail("b"), otherTariffId);
        ownIds = new LinkedHashSet<>(List.of("/console/datacenters/" + dataCenterId, "/console/modules/" + moduleId,
                "/console/tariffs/" + tariffId, "/console/clients/" + clientA, "/console/services/" + serviceA,
                "/my/services/" + serviceA, "/my/order/" + tariffId));
    }

    private Map<String, Object> tariff(long provider) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", provider);
        tariff.put("name", "Form fuzz " + provider + " " + unique);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("defaultDomainTemplate", "vps{serviceId}.fuzz.example.net");
        tariff.put("prices", Map.of("MONTH", "10.00", "YEAR", "100.00"));
        tariff.put("addons", List.of(
                Map.of("resource", "ram", "included", 1024, "min", 1024, "max", 8192, "step", 1024,
                        "prices", Map.of("MONTH", "2.00")),
                Map.of("resource", "cpu", "included", 1, "min", 1, "max", 4, "step", 1,
                        "prices", Map.of("MONTH", "3.00")),
                Map.of("resource", "disk", "included", 20480), Map.of("resource", "ipv4", "included", 1)));
        return tariff;
    }

    private long client(String who, long provider) {
        long id = created("/clients", Map.of("email", clientEmail(who), "name", "Form fuzz " + who + " " + unique,
                "phone", "+31 20 000 0000", "providerId", provider, "password", PASSWORD));
        created("/payments", Map.of("clientId", id, "amount", "500.00", "externalId", "fuzz-" + who + "-" + unique));
        return id;
    }

    private long activeService(long client, String email, long tariff) {
        ResponseEntity<JsonNode> order = http.withBasicAuth(email, PASSWORD).postForEntity("/api/v1/orders",
                Map.of("clientId", client, "tariffId", tariff, "period", "MONTH", "params", Map.of("os", "debian-12")),
                JsonNode.class);
        assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
        long service = order.getBody().get("serviceId").asLong();
        // settled(...) runs the module's poll timers now: the opening waits on the simulator, not on their seconds
        Awaitility.await("service " + service + " active").atMost(WAIT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    settled(service);
                    return jdbc.queryForObject("select status from hostflow.service where id = ?", String.class,
                            service);
                }, "ACTIVE"::equals);
        quietOne(service);
        return service;
    }

    private void quietOne(long service) {
        Awaitility.await("the processes of service " + service + " to end").atMost(WAIT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> settled(service) && runtime
                        .createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(service)).count() == 0);
    }

    private String clientEmail(String who) {
        return "fuzz-" + who + "-" + unique + "@example.com";
    }

    private String staffUser() {
        return "fuzz-staff-" + unique;
    }

    private long created(String path, Object body) {
        return api(HttpMethod.POST, path, body).get("id").asLong();
    }

    private JsonNode api(HttpMethod method, String path, Object body) {
        ResponseEntity<JsonNode> answer = http.withBasicAuth("demo", "demo").exchange("/api/v1" + path, method,
                new HttpEntity<>(body), JsonNode.class);
        assertThat(answer.getStatusCode().value()).as("%s %s: %s", method, path, answer.getBody()).isIn(200, 201);
        return answer.getBody();
    }

    // --- HTTP with a session

    private Session login(String username, String password, boolean client) {
        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        String cookie = ConsoleSecurityTest.sessionCookie(page);
        String body = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                + encode(ConsoleSecurityTest.csrf(page.getBody()));
        Answer loggedIn = post(new Session(username, cookie, null, client), "/login", body);
        assertThat(loggedIn.status()).isEqualTo(302);
        assertThat(loggedIn.location()).doesNotContain("error");
        String session = lastCookie;
        String home = client ? "/my" : "/console";
        Session partial = new Session(username, session, null, client);
        return new Session(username, session, ConsoleSecurityTest.csrf(get(partial, home).body()), client);
    }

    /** A token of another (anonymous) session: well formed, but not this session's. */
    private String anonymousCsrf() {
        return ConsoleSecurityTest.csrf(http.getForEntity("/login", String.class).getBody());
    }

    private String lastCookie;
    /** The page the last answer showed: itself, or the one it redirected to. */
    private String shown = "";

    private Answer get(Session session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session.cookie());
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return answer(http.exchange(URI.create("http://localhost:" + port + path), HttpMethod.GET,
                new HttpEntity<>(headers), String.class));
    }

    private Answer post(Session session, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session.cookie());
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return answer(http.exchange(URI.create("http://localhost:" + port + path), HttpMethod.POST,
                new HttpEntity<>(body, headers), String.class));
    }

    private Answer answer(ResponseEntity<String> response) {
        List<String> cookies = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        if (cookies != null) {
            cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                    .ifPresent(c -> lastCookie = c.split(";")[0]);
        }
        MediaType type = response.getHeaders().getContentType();
        URI location = response.getHeaders().getLocation();
        return new Answer(response.getStatusCode().value(), type == null ? "" : type.toString(),
                response.getBody() == null ? "" : response.getBody(), location == null ? null : location.toString());
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        int main = flat.indexOf("<main");
        flat = main >= 0 ? flat.substring(main) : flat;
        return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
    }
}
