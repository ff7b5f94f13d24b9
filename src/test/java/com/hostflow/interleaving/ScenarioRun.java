package com.hostflow.interleaving;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.interleaving.Api.Answer;
import com.hostflow.interleaving.Api.Login;

/**
 * Runs one scenario against the application: fresh clients, the events one after the other through the REST API as
 * clients and admins would send them (department decisions through the engine's TaskService, as Tasklist does),
 * then VMmanager gets well, the engine settles and the department works through its open tasks. Keeps a log of what
 * every event did, for the report of a failing scenario.
 */
final class ScenarioRun {

    static final String DO_MANUAL_WORK = "Task_DoManualWork";

    /** A client of the scenario. */
    record ClientModel(long id, Login login) {
    }

    /**
     * A service the scenario ordered; {@code client} and {@code tariff} are positions in the scenario's lists;
     * {@code orderId} and {@code amount} as the order's 201 answered them; {@code rams} every RAM value it was ordered
     * with or asked to change to (accepted or not).
     */
    record ServiceModel(long id, int client, InterleavingCatalog.Tariff tariff, long orderId, BigDecimal amount,
            Set<Long> rams) {
    }

    /** A payment, when the application's clock received it. */
    record PaymentModel(long client, BigDecimal amount, Instant receivedAt) {
    }

    private final HostFlowUnderTest app;
    private final Api api;
    private final InterleavingCatalog catalog;
    private final Scenario scenario;
    private final EngineSettle settle;
    private final Invariants invariants;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final Random random;
    private final String unique;
    final CatalogAdmin catalogAdmin;

    final List<ClientModel> clients = new ArrayList<>();
    final List<ServiceModel> services = new ArrayList<>();
    final List<PaymentModel> payments = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    private double failRate;
    private boolean down;
    private long taskDelayMs = 20;
    /** while a racing write and its partner event run at once */
    private volatile boolean together;

    ScenarioRun(HostFlowUnderTest app, InterleavingCatalog catalog, Scenario scenario, String unique) {
        this.app = app;
        this.api = app.api;
        this.catalog = catalog;
        this.scenario = scenario;
        this.settle = new EngineSettle(app);
        this.invariants = new Invariants(app, app.bean(JdbcTemplate.class));
        this.tasks = app.bean(ProcessEngine.class).getTaskService();
        this.runtime = app.bean(RuntimeService.class);
        this.random = scenario.runRandom();
        this.unique = unique;
        this.catalogAdmin = new CatalogAdmin(api, catalog, scenario.policy());
    }

    InterleavingCatalog catalog() {
        return catalog;
    }

    /** Runs the scenario and answers the broken invariants (empty when every one holds). */
    List<String> run() {
        // the catalog as it was made (an earlier scenario changed prices, queues, ...) with this scenario's rules
        catalogAdmin.reset();
        app.panel.faults(0.0, false, taskDelayMs);
        // every scenario starts at another hour of another weekday; the clock only ever moves forward
        moveClockTo(now().plus(Duration.ofDays(1 + random.nextInt(6))).plus(Duration.ofMinutes(random.nextInt(1440))));
        for (int i = 0; i < scenario.clients(); i++) {
            String email = "il-" + unique + "-" + i + "@example.com";
            long id = api.post(Api.ADMIN, "/api/v1/clients", Map.of("email", email, "name", "Client " + i,
                    "phone", "+31 20 555 01" + (10 + i), "providerId", catalog.providerId(), "password",
                    "pw-" + unique)).required().get("id").asLong();
            clients.add(new ClientModel(id, new Login(email, "pw-" + unique)));
        }
        Event.CatalogWrite racing = null;
        for (Event event : scenario.events()) {
            if (racing == null && event instanceof Event.CatalogWrite write && write.racing()) {
                racing = write; // sent together with the next event
                continue;
            }
            long started = System.nanoTime();
            if (racing != null) {
                applyAtOnce(racing, event, started);
                racing = null;
            } else {
                log.add(event + ": " + applyLogged(event) + " (" + Timings.add(event.getClass().getSimpleName(),
                        started) + " ms)");
            }
            violations.addAll(catalogAdmin.takeBroken());
            if (!violations.isEmpty()) {
                return violations;
            }
        }
        if (racing != null) {
            long started = System.nanoTime();
            log.add(racing + ": " + applyLogged(racing) + " (" + Timings.add("CatalogWrite", started) + " ms)");
            violations.addAll(catalogAdmin.takeBroken());
        }
        long started = System.nanoTime();
        finish();
        log.add("at the end: settled and checked (" + Timings.add("finish", started) + " ms)");
        return violations;
    }

    private String applyLogged(Event event) {
        try {
            return apply(event);
        } catch (RuntimeException e) {
            return "failed in the test: " + e;
        }
    }

    /** The catalog write and the next event, sent at the same moment from two threads (one barrier frees both). */
    private void applyAtOnce(Event.CatalogWrite write, Event event, long started) {
        CyclicBarrier start = new CyclicBarrier(2);
        together = true;
        CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> {
            awaitTogether(start);
            return applyLogged(write);
        });
        String outcome;
        String writeOutcome;
        try {
            awaitTogether(start);
            outcome = applyLogged(event);
            writeOutcome = writeOutcome(written);
        } finally {
            together = false;
        }
        long millis = Timings.add(event.getClass().getSimpleName(), started);
        log.add(write + ": " + writeOutcome);
        log.add(event + " (at the same moment): " + outcome + " (both " + millis + " ms)");
    }

    private static String writeOutcome(CompletableFuture<String> written) {
        try {
            return written.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "failed in the test: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTogether(CyclicBarrier together) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the racing write and its event did not start together", e);
        }
    }

    /** VMmanager gets well, the engine settles, the department decides what is left (retry), and it settles again. */
    private void finish() {
        heal();
        if (!settled(EngineSettle.RETRY_ROUND)) {
            return;
        }
        for (int round = 0; round < 3 && !openTasks().isEmpty(); round++) {
            for (Task task : openTasks()) {
                log.add("at the end: " + decide(task, "retry"));
            }
            if (!settled(EngineSettle.RETRY_ROUND)) {
                return;
            }
        }
        List<String> broken = invariants.check(this, true);
        if (!broken.isEmpty()) {
            log.add("at the end, as checked: " + engineState());
        }
        violations.addAll(broken);
    }

    /** Where the services' running process instances wait and which incidents they have, right now. */
    private String engineState() {
        List<String> lines = new ArrayList<>();
        for (ServiceModel service : services) {
            for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(service.id())).list()) {
                lines.add("service " + service.id() + " " + instance.getProcessDefinitionId().split(":")[0] + " at "
                        + runtime.getActiveActivityIds(instance.getId()));
            }
            runtime.createIncidentQuery().list().stream()
                    .filter(incident -> runtime.createProcessInstanceQuery().processInstanceId(
                            incident.getProcessInstanceId()).processInstanceBusinessKey(Long.toString(service.id()))
                            .count() > 0)
                    .forEach(incident -> lines.add("service " + service.id() + " incident at "
                            + incident.getActivityId() + ": " + incident.getIncidentMessage()));
        }
        lines.add("clock " + now());
        return String.join("; ", lines);
    }

    private boolean settled(Duration horizon) {
        Optional<String> stuck = settle.settle(horizon);
        stuck.ifPresent(violations::add);
        return stuck.isEmpty();
    }

    private void heal() {
        failRate = 0;
        down = false;
        taskDelayMs = 20;
        app.panel.faults(failRate, down, taskDelayMs);
    }

    private String apply(Event event) {
        if (event instanceof Event.Order order) {
            return order(order);
        } else if (event instanceof Event.Pay pay) {
            return pay(pay);
        } else if (event instanceof Event.PayNextPeriod pay) {
            return payNextPeriod(pay);
        } else if (event instanceof Event.MoveClock move) {
            return moveClock(move);
        } else if (event instanceof Event.BillingRun) {
            return api.post(Api.ADMIN, "/api/v1/billing/run", null).toString();
        } else if (event instanceof Event.ChangeParameters change) {
            return onService(change.service(), (service, login) -> {
                service.rams().add(catalog.ram(change.ramSteps()));
                return api.post(login, "/api/v1/services/" + service.id() + "/parameters", Map.of("addons",
                        Map.of("ram", catalog.ram(change.ramSteps()))));
            });
        } else if (event instanceof Event.CatalogWrite write) {
            return catalogAdmin.apply(write, !together);
        } else if (event instanceof Event.Prolong prolong) {
            return onService(prolong.service(), (service, login) -> api.post(login, "/api/v1/services/"
                    + service.id() + "/prolong", Map.of("period", prolong.period())));
        } else if (event instanceof Event.ClientDelete delete) {
            return onService(delete.service(), this::clientDelete);
        } else if (event instanceof Event.WithdrawDeletion withdrawal) {
            return onService(withdrawal.service(), (service, login) -> api.delete(login, "/api/v1/services/"
                    + service.id() + "/deletion").toString());
        } else if (event instanceof Event.AdminDelete delete) {
            return onService(delete.service(), (service, login) -> api.delete(Api.ADMIN, "/api/v1/services/"
                    + service.id()));
        } else if (event instanceof Event.AdminSuspend suspend) {
            return onService(suspend.service(), (service, login) -> api.post(Api.ADMIN, "/api/v1/services/"
                    + service.id() + "/suspend", Map.of("reason", suspend.reason(), "comment", "interleaving")));
        } else if (event instanceof Event.AdminResume resume) {
            return onService(resume.service(), (service, login) -> api.post(Api.ADMIN, "/api/v1/services/"
                    + service.id() + "/resume", resume.reason() == null ? Map.of() : Map.of("reason",
                            resume.reason())));
        } else if (event instanceof Event.SimulatorFaults faults) {
            failRate = faults.failRate();
            down = faults.down();
            taskDelayMs = faults.taskDelayMs();
            app.panel.faults(failRate, down, taskDelayMs);
            return "set";
        } else if (event instanceof Event.Decide decide) {
            List<Task> open = openTasks();
            return open.isEmpty() ? "no open task"
                    : decide(open.get(Math.floorMod(decide.task(), open.size())), decide.decision());
        } else if (event instanceof Event.Moment) {
            return moment();
        } else if (event instanceof Event.Settle) {
            if (settled(healthy() ? EngineSettle.RETRY_ROUND : EngineSettle.SHORT)) {
                violations.addAll(invariants.check(this, false));
            }
            return "settled at " + now();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** Waits (at most 2 s) until a module operation of the scenario runs, so the next event meets it half-way. */
    private String moment() {
        if (services.isEmpty()) {
            return "no service yet";
        }
        List<String> keys = services.stream().map(s -> Long.toString(s.id())).toList();
        try {
            Awaitility.await("a module operation under way").atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).until(() -> operationUnderWay(keys) || settle.idle());
            return operationUnderWay(keys) ? "a module operation is under way" : "nothing is under way";
        } catch (ConditionTimeoutException e) {
            return "no module operation came within 2 s";
        }
    }

    private boolean operationUnderWay(List<String> keys) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("ModuleOperationProcess").list().stream()
                .anyMatch(operation -> keys.contains(operation.getBusinessKey()));
    }

    private boolean healthy() {
        return !down && failRate < 1.0;
    }

    private String order(Event.Order order) {
        ClientModel client = clients.get(order.client() % clients.size());
        InterleavingCatalog.Tariff tariff = catalog.tariffs().get(order.tariff() % catalog.tariffs().size());
        long ram = catalog.ram(order.ramSteps());
        List<String> done = new ArrayList<>();
        if (order.prepay() && order.period() != Period.TRIAL) {
            Answer price = api.get(Api.ADMIN, "/api/v1/tariffs/" + tariff.id() + "/price?period=" + order.period()
                    + "&addons[ram]=" + ram);
            if (price.ok() && new BigDecimal(price.body().get("amount").asText()).signum() > 0) {
                done.add(pay(client, new BigDecimal(price.body().get("amount").asText())));
            }
        }
        Answer placed = api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                tariff.id(), "period", order.period(), "addons", Map.of("ram", ram), "params", Map.of("os",
                        "debian-12")));
        if (placed.status() == 201) {
            Set<Long> rams = ConcurrentHashMap.newKeySet();
            rams.add(ram);
            services.add(new ServiceModel(placed.body().get("serviceId").asLong(), clients.indexOf(client), tariff,
                    placed.body().get("orderId").asLong(), new BigDecimal(placed.body().get("amount").asText()),
                    rams));
            done.add("service " + placed.body().get("serviceId").asLong() + " " + placed.body().get("status")
                    .asText() + " for " + placed.body().get("amount").asText());
        } else {
            done.add(placed.toString());
        }
        return String.join(", ", done);
    }

    private String pay(Event.Pay pay) {
        ClientModel client = clients.get(pay.client() % clients.size());
        if (pay.exactFor() < 0) {
            return pay(client, pay.amount());
        }
        List<ServiceModel> own = services.stream().filter(s -> clients.get(s.client()).equals(client)).toList();
        if (own.isEmpty()) {
            return "client has no service yet";
        }
        ServiceModel service = own.get(pay.exactFor() % own.size());
        Optional<BigDecimal> price = invariants.nextPeriodPrice(service.id());
        return price.map(amount -> pay(client, amount)).orElse("service " + service.id() + " has no next period");
    }

    private String payNextPeriod(Event.PayNextPeriod pay) {
        if (services.isEmpty()) {
            return "no service yet";
        }
        ServiceModel service = services.get(pay.service() % services.size());
        Optional<BigDecimal> price = invariants.nextPeriodPrice(service.id());
        return price.map(amount -> pay(clients.get(service.client()), amount))
                .orElse("service " + service.id() + " has no next period");
    }

    private String pay(ClientModel client, BigDecimal amount) {
        Answer paid = api.post(Api.ADMIN, "/api/v1/payments", Map.of("clientId", client.id(), "amount",
                amount.toPlainString(), "externalId", "il-" + unique + "-" + payments.size() + "-" + client.id()));
        if (paid.ok()) {
            payments.add(new PaymentModel(client.id(), amount, Instant.parse(paid.body().get("receivedAt").asText())));
        }
        return "paid " + amount.toPlainString() + " for client " + client.id() + " (" + paid.status() + ")";
    }

    private String moveClock(Event.MoveClock move) {
        Instant now = now();
        Instant target = switch (move.move()) {
            case MINUTES -> now.plus(move.amount(), ChronoUnit.MINUTES);
            case DAYS -> now.plus(move.amount(), ChronoUnit.DAYS);
            case PERIOD_END -> periodEnd(move);
            case WEEKEND -> day(now).with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).atTime(LocalTime.of(10, 0))
                    .toInstant(ZoneOffset.UTC);
            case MONDAY -> day(now).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).atTime(LocalTime.of(0, 30))
                    .toInstant(ZoneOffset.UTC);
            case HOLIDAY -> nextHoliday(day(now)).atTime(LocalTime.of(3, 0)).toInstant(ZoneOffset.UTC);
        };
        if (target == null || !target.isAfter(now)) {
            return "stays at " + now + " (the clock only moves forward)";
        }
        moveClockTo(target);
        return "now " + target + " (" + day(target).getDayOfWeek() + ")";
    }

    private Instant periodEnd(Event.MoveClock move) {
        if (services.isEmpty()) {
            return null;
        }
        ServiceModel service = services.get(move.service() % services.size());
        JsonNode paidUntil = api.get(Api.ADMIN, "/api/v1/services/" + service.id()).required().get("paidUntil");
        return paidUntil == null || paidUntil.isNull() ? null
                : Instant.parse(paidUntil.asText()).plus(move.amount(), ChronoUnit.MINUTES);
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static LocalDate nextHoliday(LocalDate today) {
        LocalDate best = null;
        for (MonthDay holiday : List.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(12, 25))) {
            LocalDate date = holiday.atYear(today.getYear());
            if (!date.isAfter(today)) {
                date = holiday.atYear(today.getYear() + 1);
            }
            best = best == null || date.isBefore(best) ? date : best;
        }
        return best;
    }

    private void moveClockTo(Instant target) {
        api.put(Api.ADMIN, "/api/v1/dev/clock", Map.of("now", target.toString())).required();
    }

    Instant now() {
        return Instant.parse(api.get(Api.ADMIN, "/api/v1/dev/clock").required().get("now").asText());
    }

    private String clientDelete(ServiceModel service, Login login) {
        String path = "/api/v1/services/" + service.id();
        if ("PHONE_VERIFIED".equals(catalogAdmin.policy().clientDeletion())) {
            Answer sent = api.post(login, path + "/deletion-code", null);
            if (sent.ok()) {
                return api.delete(login, path + "?code=" + app.sms().codeFor(service.id())).toString();
            }
            if (sent.status() != 409) {
                return sent.toString();
            }
            // no code for an unpaid or failed order: it is taken back without one
        }
        return api.delete(login, path).toString();
    }

    private interface ServiceAction {
        Object act(ServiceModel service, Login clientLogin);
    }

    private String onService(int position, ServiceAction action) {
        if (services.isEmpty()) {
            return "no service yet";
        }
        ServiceModel service = services.get(position % services.size());
        return action.act(service, clients.get(service.client()).login()).toString();
    }

    /** The scenario's open department tasks, oldest first. */
    List<Task> openTasks() {
        if (services.isEmpty()) {
            return List.of();
        }
        return tasks.createTaskQuery().processInstanceBusinessKeyIn(services.stream().map(s -> Long.toString(s.id()))
                .toArray(String[]::new)).orderByTaskCreateTime().asc().list();
    }

    /**
     * The department's answer to a task, as Tasklist would send it. "Skip: I did it by hand" is preceded by doing it
     * by hand in the panel (with the panel well for that moment); opening a VM by hand is not modelled (the process
     * asks no external id for it), so a skip of an open is a retry.
     */
    private String decide(Task task, String decision) {
        String businessKey = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult().getBusinessKey();
        long serviceId = Long.parseLong(businessKey);
        Map<String, Object> variables = new HashMap<>();
        if (DO_MANUAL_WORK.equals(task.getTaskDefinitionKey())) {
            variables.put("externalId", "manual-" + serviceId);
            variables.put("ipAddresses", "192.0.2." + (1 + serviceId % 250));
            variables.put("comment", "done by the interleaving test");
        } else {
            String operation = (String) runtime.getVariable(task.getExecutionId(), "operation");
            String chosen = "skip".equals(decision) && "open".equals(operation) ? "retry" : decision;
            if ("skip".equals(chosen)) {
                app.panel.faults(0.0, false, 50);
                try {
                    app.panel.byHand(operation, serviceId);
                } finally {
                    app.panel.faults(failRate, down, taskDelayMs);
                }
            }
            variables.put("decision", chosen);
            variables.put("comment", "interleaving: " + chosen);
            decision = chosen + " (" + operation + ")";
        }
        try {
            tasks.complete(task.getId(), variables);
            return task.getTaskDefinitionKey() + " of service " + serviceId + ": " + decision;
        } catch (RuntimeException e) {
            return task.getTaskDefinitionKey() + " of service " + serviceId + ": " + decision + " refused: " + e;
        }
    }

    /** Takes the scenario's services out of the way of later scenarios: no process, DELETED, no host. */
    void retire() {
        long started = System.nanoTime();
        retireServices();
        Timings.add("retire", started);
    }

    private void retireServices() {
        List<Long> ids = services.stream().map(ServiceModel::id).toList();
        heal();
        for (long id : ids) {
            for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(id)).list()) {
                try {
                    runtime.deleteProcessInstance(instance.getId(), "scenario over", true, true);
                } catch (RuntimeException e) {
                    // a sub-process instance went with its parent
                }
            }
        }
        runtime.createProcessInstanceQuery().processDefinitionKey("BillingRunProcess").list()
                .forEach(run -> runtime.deleteProcessInstance(run.getId(), "scenario over", true, true));
        if (!ids.isEmpty()) {
            app.bean(JdbcTemplate.class).update("update hostflow.service set status = 'DELETED' where id in ("
                    + String.join(",", ids.stream().map(String::valueOf).toList()) + ")");
        }
        app.panel.deleteHosts(ids);
    }

    /** What happened, event by event, for the report. */
    String report() {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("clients", clients.stream().map(ClientModel::id).toList());
        lines.put("services", services.stream().map(s -> s.id() + (s.tariff().manual() ? " (manual)" : ""))
                .toList());
        StringBuilder text = new StringBuilder("what happened (" + lines + "):");
        log.forEach(line -> text.append(System.lineSeparator()).append("  - ").append(line));
        services.forEach(service -> text.append(System.lineSeparator()).append("  service ").append(service.id())
                .append(": ").append(story(service.id())));
        return text.toString();
    }

    /** Where an unfinished (or retired) instance was: its activities that never completed, oldest first. */
    private static String waitingIn(HistoryService history, String processInstanceId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .orderByHistoricActivityInstanceStartTime().asc().list().stream()
                .filter(activity -> activity.getEndTime() == null || activity.isCanceled())
                .map(activity -> activity.getActivityId()).toList().toString();
    }

    /** The service's processes as the engine's history kept them, and its module journal, oldest first. */
    private String story(long serviceId) {
        HistoryService history = app.bean(ProcessEngine.class).getHistoryService();
        List<String> processes = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).orderByProcessInstanceStartTime().asc().list()
                .stream().map(p -> p.getProcessDefinitionKey() + " " + p.getState() + " at "
                        + Optional.ofNullable(p.getEndActivityId()).orElseGet(() -> waitingIn(history, p.getId())))
                .toList();
        Answer journal = api.get(Api.ADMIN, "/api/v1/services/" + serviceId + "/journal?size=50");
        List<String> calls = new ArrayList<>();
        if (journal.ok()) {
            journal.body().get("content").forEach(entry -> calls.add(0, entry.get("operation").asText() + "#"
                    + entry.get("attempt").asText() + " " + entry.get("outcome").asText()));
        }
        return "processes " + processes + ", module calls " + calls;
    }
}
