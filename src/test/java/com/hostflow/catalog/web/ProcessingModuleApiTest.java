package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static com.hostflow.catalog.web.CatalogApi.with;
import static com.hostflow.catalog.web.CatalogApi.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.security.SecretCipher;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class ProcessingModuleApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CatalogLookup catalog;

    @Autowired
    ProcessingModuleRepository moduleRows;

    CatalogApi api;

    /** A key HostFlow is not configured with: what it encrypted, no configured key decrypts. */
    private static final String LOST_KEY = Base64.getEncoder().encodeToString(new byte[16]);

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    @Test
    void createReadUpdateDeleteWithEveryField() {
        long dataCenter = api.dataCenter();
        long department = api.department();
        Map<String, Object> form = with(api.vmModuleForm(dataCenter, "pw-1"), "departmentId", department);

        JsonNode created = api.create("/processing-modules", form);
        long id = created.get("id").asLong();
        assertThat(created.get("productType").asText()).isEqualTo("vds");
        assertThat(created.get("moduleType").asText()).isEqualTo("vmmanager6");
        assertThat(created.get("name").asText()).isEqualTo(form.get("name"));
        assertThat(created.get("dataCenterId").asLong()).isEqualTo(dataCenter);
        assertThat(created.get("departmentId").asLong()).isEqualTo(department);
        assertThat(created.get("sortOrder").asInt()).isEqualTo(1);
        assertThat(created.at("/integration/url").asText()).isEqualTo("http://localhost:1/simulator/vmmanager6");
        assertThat(created.at("/integration/username").asText()).isEqualTo("admin@example.com");
        assertThat(created.at("/integration/passwordSet").asBoolean()).isTrue();
        assertThat(created.at("/settings/cluster").asText()).isEqualTo("1");
        assertThat(created.at("/settings/useRecipes").asBoolean()).isFalse();
        assertThat(created.at("/settings/additionalNetworkInterface").asBoolean()).isFalse();
        assertThat(created.at("/queue/runInQueue").asBoolean()).isTrue();
        assertThat(created.at("/queue/queues").asInt()).isEqualTo(2);
        assertThat(created.at("/queue/queueKey").asText()).isEqualTo("cluster");

        assertThat(api.json(api.staff(HttpMethod.GET, "/processing-modules/" + id, null)).get("name").asText())
                .isEqualTo(form.get("name"));
        assertThat(api.json(api.admin(HttpMethod.GET, "/processing-modules", null)).findValuesAsText("name"))
                .contains((String) form.get("name"));

        Map<String, Object> changed = with(with(form, "sortOrder", 5), "settings",
                Map.of("cluster", "2", "useRecipes", true, "additionalNetworkInterface", true));
        JsonNode updated = api.json(api.admin(HttpMethod.PUT, "/processing-modules/" + id, changed));
        assertThat(updated.get("sortOrder").asInt()).isEqualTo(5);
        assertThat(updated.at("/settings/cluster").asText()).isEqualTo("2");
        assertThat(updated.at("/settings/useRecipes").asBoolean()).isTrue();
        assertThat(updated.at("/settings/additionalNetworkInterface").asBoolean()).isTrue();

        ProcessingModuleConfig config = catalog.processingModule(id).orElseThrow();
        assertThat(config.password()).isEqualTo("pw-1");
        assertThat(config.departmentKey()).isNotBlank();
        assertThat(config.settings().cluster()).isEqualTo("2");
        assertThat(config.queue()).isEqualTo(new ProcessingModuleConfig.Queue(true, 2, "cluster"));

        assertThat(api.admin(HttpMethod.DELETE, "/processing-modules/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/processing-modules/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void thePasswordIsWriteOnlyAndEncryptedAtRest() {
        String password = "Sup3r-" + unique("secret");
        Map<String, Object> form = api.vmModuleForm(api.dataCenter(), password);
        List<ResponseEntity<String>> responses = new ArrayList<>();

        ResponseEntity<String> created = api.admin(HttpMethod.POST, "/processing-modules", form);
        responses.add(created);
        long id = api.json(created).get("id").asLong();
        responses.add(api.admin(HttpMethod.GET, "/processing-modules/" + id, null));
        responses.add(api.staff(HttpMethod.GET, "/processing-modules", null));
        // without a password the stored one stays
        Map<String, Object> noPassword = with(form, "integration",
                Map.of("url", "http://localhost:2/simulator/vmmanager6", "username", "admin@example.com"));
        ResponseEntity<String> kept = api.admin(HttpMethod.PUT, "/processing-modules/" + id, noPassword);
        responses.add(kept);
        responses.add(api.admin(HttpMethod.POST, "/processing-modules/" + id + "/check-connection", null));
        ResponseEntity<String> audit = api.admin(HttpMethod.GET, "/audit?entity=processing-module&size=500", null);
        responses.add(audit);
        assertThat(audit.getBody()).contains("\"entityId\":\"" + id + "\"");

        for (ResponseEntity<String> response : responses) {
            assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
            assertThat(response.getBody()).doesNotContain(password).doesNotContain("\"password\"");
        }
        assertThat(api.json(kept).at("/integration/passwordSet").asBoolean()).isTrue();
        assertThat(catalog.processingModule(id).orElseThrow().password()).isEqualTo(password);

        String stored = jdbc.queryForObject("select password_encrypted from hostflow.processing_module where id = ?",
                String.class, id);
        assertThat(stored).isNotBlank().doesNotContain(password);
        assertThat(jdbc.queryForList("select * from hostflow.processing_module where id = ?", id).toString())
                .doesNotContain(password);

        String newPassword = "other-" + unique("pw");
        api.admin(HttpMethod.PUT, "/processing-modules/" + id, with(form, "integration",
                Map.of("url", "http://localhost:2/x", "username", "a@example.com", "password", newPassword)));
        assertThat(catalog.processingModule(id).orElseThrow().password()).isEqualTo(newPassword);
        assertThat(jdbc.queryForObject("select password_encrypted from hostflow.processing_module where id = ?",
                String.class, id)).isNotEqualTo(stored).doesNotContain(newPassword);
    }

    /**
     * A stored password no configured key decrypts (the secret key changed without re-encrypting it) is no usable
     * password: the module says so, where it showed {@code passwordSet: true}. A PUT without a password does not keep
     * it as if it were fine: for a module type that needs a password it is a 400 naming the field, saying why; for
     * one that does not, it is kept and the problem stays shown. A new password ends the problem.
     */
    @Test
    void aPasswordNoKeyDecryptsIsShownAsAProblemAndAPutWithoutOneDoesNotHideIt() {
        Map<String, Object> form = api.vmModuleForm(api.dataCenter(), "pw-" + unique("lost"));
        long id = api.create("/processing-modules", form).get("id").asLong();
        long manual = api.manualModule();
        String lost = new SecretCipher(LOST_KEY).encrypt("lost-" + unique("pw"));
        storePassword(id, lost);
        storePassword(manual, lost);

        JsonNode shown = api.json(api.admin(HttpMethod.GET, "/processing-modules/" + id, null));
        assertThat(shown.at("/integration/passwordSet").asBoolean()).isFalse();
        assertThat(shown.at("/integration/passwordProblem").asText()).contains("cannot be decrypted",
                "current secret key", "set it again");
        JsonNode listed = api.json(api.admin(HttpMethod.GET, "/processing-modules", null));
        assertThat(listed.findParents("id").stream().filter(m -> m.get("id").asLong() == id).findFirst()
                .orElseThrow().at("/integration/passwordProblem").asText()).contains("cannot be decrypted");

        Map<String, Object> noPassword = with(form, "integration", Map.of("url",
                "http://localhost:2/simulator/vmmanager6", "username", "admin@example.com"));
        ResponseEntity<String> refused = api.admin(HttpMethod.PUT, "/processing-modules/" + id, noPassword);
        assertThat(api.errorFields(refused)).containsExactly("integration.password");
        assertThat(refused.getBody()).contains("cannot be decrypted");
        assertThat(storedPassword(id)).as("nothing saved").isEqualTo(lost);

        ResponseEntity<String> renamed = api.admin(HttpMethod.PUT, "/processing-modules/" + manual, Map.of(
                "productType", "vds", "moduleType", "manual", "name", unique("manual-renamed")));
        assertThat(renamed.getStatusCode()).as(renamed.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(api.json(renamed).at("/integration/passwordSet").asBoolean()).isFalse();
        assertThat(api.json(renamed).at("/integration/passwordProblem").asText()).contains("cannot be decrypted");

        ResponseEntity<String> set = api.admin(HttpMethod.PUT, "/processing-modules/" + id, form);
        assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(api.json(set).at("/integration/passwordSet").asBoolean()).isTrue();
        assertThat(api.json(set).at("/integration/passwordProblem").isNull()).as(set.getBody()).isTrue();
        api.admin(HttpMethod.DELETE, "/processing-modules/" + manual, null);
    }

    private void storePassword(long id, String encrypted) {
        new TransactionTemplate(transactions).executeWithoutResult(
                status -> moduleRows.findById(id).orElseThrow().setPasswordEncrypted(encrypted));
    }

    private String storedPassword(long id) {
        return jdbc.queryForObject("select password_encrypted from hostflow.processing_module where id = ?",
                String.class, id);
    }

    @Test
    void checkConnectionAsksTheModuleTypesAdapter() {
        long manual = api.manualModule();
        JsonNode ok = api.json(api.admin(HttpMethod.POST, "/processing-modules/" + manual + "/check-connection", null));
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("message").asText()).isNotBlank();

        long unreachable = api.create("/processing-modules", api.vmModuleForm(api.dataCenter(), "pw")).get("id")
                .asLong();
        JsonNode failed = api.json(api.admin(HttpMethod.POST,
                "/processing-modules/" + unreachable + "/check-connection", null));
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("message").asText()).isNotBlank();

        assertThat(api.admin(HttpMethod.POST, "/processing-modules/999999/check-connection", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.staff(HttpMethod.POST, "/processing-modules/" + manual + "/check-connection", null)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void rejectsBadInputNamingTheField() {
        long dataCenter = api.dataCenter();
        Map<String, Object> form = api.vmModuleForm(dataCenter, "pw");

        assertThat(errors(without(form, "name"))).containsExactly("name");
        assertThat(errors(without(form, "productType"))).containsExactly("productType");
        assertThat(errors(with(form, "productType", "no-such-type"))).containsExactly("productType");
        assertThat(errors(with(form, "moduleType", "no-such-module"))).containsExactly("moduleType");
        assertThat(errors(without(form, "dataCenterId"))).containsExactly("dataCenterId");
        assertThat(errors(with(form, "dataCenterId", 999999))).containsExactly("dataCenterId");
        assertThat(errors(with(form, "departmentId", 999999))).containsExactly("departmentId");
        assertThat(errors(with(form, "queue", Map.of("runInQueue", true, "queues", 0)))).containsExactly("queue.queues");
        assertThat(errors(with(form, "queue", Map.of("runInQueue", true)))).containsExactly("queue.queues");
        // a typo was taken and gave one queue for the whole module instead of one per cluster, unseen
        assertThat(errors(with(form, "queue", Map.of("runInQueue", true, "queues", 2, "queueKey", "clsuter"))))
                .containsExactly("queue.queueKey");
        assertThat(api.admin(HttpMethod.POST, "/processing-modules", with(with(form, "name", unique("dc-queue")),
                "queue", Map.of("runInQueue", true, "queues", 2, "queueKey", " DataCenter ")))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(errors(with(form, "integration", Map.of("url", "not a url", "username", "u", "password", "p"))))
                .containsExactly("integration.url");
        assertThat(errors(with(form, "integration", Map.of("url", "http://h/x", "username", "u"))))
                .containsExactly("integration.password");
        assertThat(errors(with(form, "settings", Map.of("useRecipes", true)))).containsExactly("settings.cluster");
        // the manual module needs no data center and no integration
        assertThat(api.admin(HttpMethod.POST, "/processing-modules", Map.of("productType", "vds",
                "moduleType", "manual", "name", unique("manual"))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void refusesAUrlWithCredentialsAPortOutOfRangeOrAQueryAndEchoesNoPassword() {
        Map<String, Object> form = api.vmModuleForm(api.dataCenter(), "pw");
        Map<String, String> refused = Map.of(
                "http://admin:url-secret@localhost/simulator/vmmanager6", "must not carry a user or password",
                "http://localhost:99999/vmmanager", "port 99999 is out of range",
                "http://localhost:0/vmmanager", "port 0 is out of range",
                "https://vm.example.com/?lang=en", "without a query",
                "https://vm.example.com/#dashboard", "without a query (?) or fragment (#)");

        refused.forEach((url, message) -> {
            ResponseEntity<String> answer = api.admin(HttpMethod.POST, "/processing-modules",
                    with(form, "integration", Map.of("url", url, "username", "u@example.com", "password", "p")));
            assertThat(api.errorFields(answer)).as(url).containsExactly("integration.url");
            assertThat(answer.getBody()).as(url).contains(message).doesNotContain("url-secret");
        });
        assertThat(api.admin(HttpMethod.POST, "/processing-modules", with(form, "integration", Map.of(
                "url", "https://vm.example.com:8443/", "username", "u@example.com", "password", "p")))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void modulesAreHiddenFromClientsAndWrittenOnlyByAdmins() {
        long id = api.manualModule();
        assertThat(api.client(HttpMethod.GET, "/processing-modules", null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.client(HttpMethod.GET, "/processing-modules/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.POST, "/processing-modules", api.vmModuleForm(api.dataCenter(), "pw"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.DELETE, "/processing-modules/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.admin(HttpMethod.PUT, "/processing-modules/999999", api.vmModuleForm(api.dataCenter(), "pw"))
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aModuleOfATariffCannotBeDeleted() {
        long module = api.manualModule();
        api.tariff(api.tariffForm(api.provider(), api.tariffGroup(), module));

        assertThat(api.admin(HttpMethod.DELETE, "/processing-modules/" + module, null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    private List<String> errors(Map<String, Object> form) {
        return api.errorFields(api.admin(HttpMethod.POST, "/processing-modules", form));
    }

    @Test
    void aModuleCreatedWhileItsProductTypeChangesWaitsForTheChangeInsteadOfDeadlocking() throws Exception {
        // a change of vds as ProductTypeService makes it: the row's lock first, then its writes (whose trigger
        // updates the catalog's version row)
        CountDownLatch moduleWaits = new CountDownLatch(1);
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    jdbc.queryForObject("select id from hostflow.product_type where code = 'vds' for update",
                            Long.class);
                    try {
                        moduleWaits.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    jdbc.update("update hostflow.product_type set name = name where code = 'vds'");
                }));
        Awaitility.await("the change holds vds").atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject("select count(*) from pg_locks l join pg_class c"
                        + " on c.oid = l.relation where c.relname = 'product_type' and l.mode = 'RowShareLock'"
                        + " and l.granted", Long.class) > 0);
        CompletableFuture<ResponseEntity<String>> created = CompletableFuture.supplyAsync(() -> api.admin(
                HttpMethod.POST, "/processing-modules", Map.of("productType", "vds", "moduleType", "manual",
                        "name", unique("manual"))));
        try {
            Awaitility.await("the module waits for vds").atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type"
                            + " = 'Lock' and backend_type = 'client backend' and pid <> pg_backend_pid()",
                            Long.class) > 0);
        } finally {
            moduleWaits.countDown();
        }

        change.get(20, TimeUnit.SECONDS);
        ResponseEntity<String> answer = created.get(20, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CREATED);
    }
}
