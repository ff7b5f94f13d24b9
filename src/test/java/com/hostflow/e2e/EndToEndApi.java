package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;

/**
 * The REST API as the end-to-end tests use it: every answer body is kept (to look for secrets later), asynchronous
 * steps are awaited with Awaitility (bounded), and short timers of the service's processes (poll waits,
 * back-offs) are brought forward by moving the clock through {@code PUT /api/v1/dev/clock} instead of waiting.
 */
final class EndToEndApi {

    /** Generous: two surefire JVMs share the CI machine's two cores; a passing wait ends as soon as it holds. */
    static final Duration MAX_WAIT = Duration.ofSeconds(90);
    static final Duration POLL_EVERY = Duration.ofMillis(200);

    private final TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();
    private final RuntimeService runtime;
    private final ManagementService management;
    private Runnable workerWakeUp = () -> { };
    private final List<String> answers = new ArrayList<>();

    EndToEndApi(TestRestTemplate http, RuntimeService runtime, ManagementService management) {
        this.http = http;
        this.runtime = runtime;
        this.management = management;
    }

    /**
     * Tells the module worker to fetch at once after {@link #awaitFailedOperationTask} ran a back-off: otherwise each
     * retried call waited up to the worker's idle wait ({@code hostflow.workers.max-idle-wait}, 1 s) to be fetched.
     */
    EndToEndApi wakingTheWorkerWith(Runnable wakeUp) {
        this.workerWakeUp = wakeUp;
        return this;
    }

    /** Every answer body received so far, for the secret checks. */
    List<String> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    Answer get(Login login, String path) {
        return exchange(login, HttpMethod.GET, path, null);
    }

    Answer post(Login login, String path, Object body) {
        return exchange(login, HttpMethod.POST, path, body);
    }

    Answer put(Login login, String path, Object body) {
        return exchange(login, HttpMethod.PUT, path, body);
    }

    Answer delete(Login login, String path) {
        return exchange(login, HttpMethod.DELETE, path, null);
    }

    /** A call that must succeed (2xx); answers the body. */
    JsonNode ok(Answer answer) {
        assertThat(answer.status()).as("%s", answer).isBetween(200, 299);
        return answer.body();
    }

    Answer exchange(Login login, HttpMethod method, String path, Object body) {
        TestRestTemplate client = login == null ? http : http.withBasicAuth(login.username(), login.password());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        ResponseEntity<String> response = client.exchange(path, method, new HttpEntity<>(body, headers),
                String.class);
        String text = response.getBody();
        synchronized (answers) {
            answers.add(response.getHeaders() + " " + text);
        }
        return new Answer(method + " " + path, response.getStatusCode().value(), parse(text));
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    // --- clock ----------------------------------------------------------------------------------------------------

    Instant now(Login admin) {
        return Instant.parse(ok(get(admin, "/api/v1/dev/clock")).get("now").asText());
    }

    void moveClock(Login admin, Instant to) {
        ok(put(admin, "/api/v1/dev/clock", Map.of("now", to.toString())));
    }

    // --- waiting --------------------------------------------------------------------------------------------------

    /**
     * Polls GET /services/{id} until the condition holds, at most {@link #MAX_WAIT}. When the service's processes
     * wait only on a timer due within {@code fastForward}, the clock moves to it, so poll loops and back-offs do not
     * take real time.
     */
    JsonNode awaitService(Login login, Login admin, long serviceId, String what, Predicate<JsonNode> condition,
            Duration fastForward) {
        return await(what + " (service " + serviceId + ")", () -> {
            JsonNode service = ok(get(login, "/api/v1/services/" + serviceId));
            if (condition.test(service)) {
                // a condition may look beyond this answer (e.g. at the service's running processes): the service is
                // read again once it held, so the answer is never older than what the condition saw (a close that
                // ended between the read and the look left its refusal in the answer)
                JsonNode after = ok(get(login, "/api/v1/services/" + serviceId));
                return condition.test(after) ? after : null;
            }
            bringDueTimerForward(admin, List.of(serviceId), fastForward);
            return null;
        }, () -> describe(serviceId));
    }

    /** Moves the clock to the earliest timer of the services' running processes when it is due within the limit. */
    void bringDueTimerForward(Login admin, List<Long> serviceIds, Duration limit) {
        if (limit.isZero()) {
            return;
        }
        Instant now = now(admin);
        Date earliest = null;
        for (long serviceId : serviceIds) {
            for (var instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(
                    Long.toString(serviceId)).list()) {
                for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
                    if (job.getDuedate() != null && (earliest == null || job.getDuedate().before(earliest))) {
                        earliest = job.getDuedate();
                    }
                }
            }
        }
        if (earliest != null && earliest.toInstant().isAfter(now)
                && earliest.toInstant().isBefore(now.plus(limit))) {
            moveClock(admin, earliest.toInstant().plusMillis(500));
        }
    }

    /**
     * Brings the retry back-offs of the service's module operations forward (their own timer jobs only) until the
     * module's department has the task "handle the failed operation"; answers it.
     */
    Task awaitFailedOperationTask(TaskService tasks, long serviceId, Duration limit) {
        AtomicReference<Task> found = new AtomicReference<>();
        Awaitility.await("the failed operation to reach the department").atMost(limit)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    found.set(tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId))
                            .taskDefinitionKey(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION).singleResult());
                    if (found.get() == null) {
                        backoffsOf(serviceId).forEach(job -> runUnlessTakenMeanwhile(job.getId()));
                        workerWakeUp.run();
                    }
                    return found.get() != null;
                });
        return found.get();
    }

    /**
     * The job executor may run a back-off that fell due at the same moment (the tests wake it): the loser of that race
     * sees the timer updated or gone, and the next look finds what the winner did.
     */
    private void runUnlessTakenMeanwhile(String jobId) {
        try {
            management.executeJob(jobId);
        } catch (OptimisticLockingException | NullValueException e) {
            // run by the job executor meanwhile
        }
    }

    private List<Job> backoffsOf(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ModuleOperationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).list().stream()
                .map(ProcessInstance::getId)
                .flatMap(id -> management.createJobQuery().processInstanceId(id).timers()
                        .activityId(ModuleOperationProcess.TIMER_RETRY_BACKOFF).list().stream())
                .toList();
    }

    String describe(long serviceId) {
        List<String> lines = new ArrayList<>();
        for (var instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(
                Long.toString(serviceId)).list()) {
            lines.add(instance.getProcessDefinitionId() + " at " + runtime.getActiveActivityIds(instance.getId())
                    + " jobs " + management.createJobQuery().processInstanceId(instance.getId()).list().stream()
                            .map(j -> j.getId() + " due " + j.getDuedate() + " retries " + j.getRetries() + " "
                                    + Objects.toString(j.getExceptionMessage(), ""))
                            .toList());
        }
        return "running: " + lines;
    }

    static <T> T await(String what, java.util.function.Supplier<T> probe, java.util.function.Supplier<String> state) {
        AtomicReference<T> found = new AtomicReference<>();
        try {
            Awaitility.await(what).atMost(MAX_WAIT).pollInterval(POLL_EVERY).pollDelay(Duration.ZERO)
                    .until(() -> {
                        found.set(probe.get());
                        return found.get() != null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + MAX_WAIT.toSeconds() + " s waiting for " + what + "; "
                    + state.get(), e);
        }
        return found.get();
    }

    // --- catalog --------------------------------------------------------------------------------------------------

    /** A data center, department, provider, vmmanager6 module on the simulator and a tariff with a priced ram add-on. */
    Catalog catalog(Login admin, int port, String unique, String moduleUser, String modulePassword) {
        return catalog(admin, port, unique, moduleUser, modulePassword, null);
    }

    /**
     * {@link #catalog} on a VMmanager account of its own ({@code hostflow-<unique>@example.com}) and a STAFF member
     * of its department, {@code staff-<unique>} with {@code staffPassword}.
     */
    Catalog catalogWithStaff(Login admin, int port, String unique, String staffPassword) {
        String moduleUser = "hostflow-" + unique + "@example.com";
        SimulatorAdmin.createAdministrator(http, moduleUser, "Vm6-" + unique + "-pass");
        Catalog catalog = catalog(admin, port, unique, moduleUser, "Vm6-" + unique + "-pass");
        ok(post(admin, "/api/v1/users", Map.of("username", "staff-" + unique, "password", staffPassword,
                "firstName", "Sam", "lastName", "Support", "roles", List.of("STAFF"), "departments",
                List.of(catalog.departmentKey()))));
        return catalog;
    }

    /** The same, with the module's queue settings ({@code runInQueue}, {@code queues}, {@code queueKey}) or none. */
    Catalog catalog(Login admin, int port, String unique, String moduleUser, String modulePassword,
            Map<String, Object> queue) {
        SimulatorModule simulated = simulatorModule(admin, port, unique, moduleUser, modulePassword, queue);
        long providerId = simulated.providerId();
        long moduleId = simulated.moduleId();
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", providerId);
        tariff.put("name", "VPS e2e " + unique);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("defaultDomainTemplate", "vps{serviceId}.e2e.example.net");
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(
                Map.of("resource", "ram", "included", 2048, "min", 1024, "max", 16384, "step", 1024,
                        "prices", Map.of("MONTH", "2.00")),
                Map.of("resource", "cpu", "included", 1, "min", 1, "max", 4, "step", 1,
                        "prices", Map.of("MONTH", "3.00")),
                Map.of("resource", "disk", "included", 20480),
                Map.of("resource", "ipv4", "included", 1)));
        long tariffId = ok(post(admin, "/api/v1/tariffs", tariff)).get("id").asLong();
        return new Catalog(providerId, simulated.departmentKey(), moduleId, tariffId);
    }

    /**
     * What every end-to-end shop stands on: a data center, a department, a provider and a VMmanager 6 processing
     * module of product type {@code vds} on the simulator at {@code port} (with {@code queue} settings, or none).
     */
    SimulatorModule simulatorModule(Login admin, int port, String unique, String moduleUser, String modulePassword,
            Map<String, Object> queue) {
        long dataCenterId = ok(post(admin, "/api/v1/datacenters", Map.of("name", "DC " + unique, "externalId",
                "dc-" + unique, "sortOrder", 1, "icon", Map.of("countryCode", "NL")))).get("id").asLong();
        String departmentKey = "vm-ops-" + unique;
        long departmentId = ok(post(admin, "/api/v1/departments", Map.of("name", "VM ops " + unique, "key",
                departmentKey))).get("id").asLong();
        long providerId = ok(post(admin, "/api/v1/providers", Map.of("name", "Hoster " + unique, "currency",
                "EUR"))).get("id").asLong();
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("productType", "vds");
        module.put("moduleType", "vmmanager6");
        module.put("name", "VMmanager " + unique);
        module.put("dataCenterId", dataCenterId);
        module.put("departmentId", departmentId);
        module.put("sortOrder", 1);
        module.put("integration", Map.of("url", "http://localhost:" + port + "/simulator/vmmanager6",
                "username", moduleUser, "password", modulePassword));
        module.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        if (queue != null) {
            module.put("queue", queue);
        }
        long moduleId = ok(post(admin, "/api/v1/processing-modules", module)).get("id").asLong();
        return new SimulatorModule(providerId, departmentKey, moduleId);
    }

    record SimulatorModule(long providerId, String departmentKey, long moduleId) {
    }

    /** Sets the rules of product type {@code vds} an end-to-end test depends on; clients may delete. */
    void vdsRules(Login admin, boolean noSuspendOnWeekends, int graceDays, int autoDeletionDays,
            String onClientDelete) {
        ObjectNode vds = (ObjectNode) ok(get(admin, "/api/v1/product-types/vds")).deepCopy();
        vds.retain("code", "name", "trialPolicy", "splitExpensesByMonth", "orderPeriods", "resources", "parameters");
        vds.put("noSuspendOnWeekends", noSuspendOnWeekends);
        vds.put("suspensionGraceDays", graceDays);
        vds.put("autoDeletionDays", autoDeletionDays);
        vds.put("clientDeletion", "ALLOWED");
        vds.put("onClientDelete", onClientDelete);
        ok(exchange(admin, HttpMethod.PUT, "/api/v1/product-types/vds", vds));
    }

    /** A client of the provider with a login of its own. */
    Client client(Login admin, long providerId, String unique) {
        String email = "client-" + unique + "@example.com";
        String password = "pw-" + unique;
        long id = ok(post(admin, "/api/v1/clients", Map.of("email", email, "name", "Client " + unique, "phone",
                "+31 20 555 0100", "providerId", providerId, "password", password))).get("id").asLong();
        return new Client(id, new Login(email, password));
    }

    JsonNode pay(Login login, long clientId, String amount) {
        return ok(post(login, "/api/v1/payments", Map.of("clientId", clientId, "amount", amount, "externalId",
                "bank-" + System.nanoTime())));
    }

    String balance(Login login, long clientId) {
        return ok(get(login, "/api/v1/clients/" + clientId + "/account")).get("balance").asText();
    }

    record Login(String username, String password) {
    }

    record Answer(String request, int status, JsonNode body) {
    }

    record Catalog(long providerId, String departmentKey, long moduleId, long tariffId) {
    }

    record Client(long id, Login login) {
    }
}
