package com.hostflow.interleaving;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.interleaving.ScenarioRun.ClientModel;
import com.hostflow.interleaving.ScenarioRun.ServiceModel;

/**
 * The invariants of issue #9 F, checked over one scenario's clients and services once the engine has settled. Money
 * is read through the API (balances, payments, credits) and the charges with their keys and periods from the charge
 * table; hosts through the simulator's own API; processes, tasks, incidents and history through the engine's services.
 */
final class Invariants {

    private static final Set<String> PERIOD_CHARGES = Set.of("order-", "prolong-");
    private static final List<String> PAID_PERIODS = List.of("MONTH", "DAY", "QUARTER", "HALF_YEAR", "YEAR");

    private final HostFlowUnderTest app;
    private final Api api;
    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final HistoryService history;

    Invariants(HostFlowUnderTest app, JdbcTemplate jdbc) {
        this.app = app;
        this.api = app.api;
        this.jdbc = jdbc;
        ProcessEngine engine = app.bean(ProcessEngine.class);
        this.runtime = engine.getRuntimeService();
        this.tasks = engine.getTaskService();
        this.history = engine.getHistoryService();
    }

    /** Every broken invariant, one line each; {@code all} false checks only money and BILLING suspensions. */
    List<String> check(ScenarioRun run, boolean all) {
        List<String> broken = new ArrayList<>();
        api.takeServerErrors().forEach(error -> broken.add("API: a server error answered " + error));
        Map<Long, JsonNode> services = new HashMap<>();
        for (ClientModel client : run.clients) {
            api.get(Api.ADMIN, "/api/v1/services?size=200&clientId=" + client.id()).required().get("content")
                    .forEach(service -> services.put(service.get("id").asLong(), service));
        }
        for (ClientModel client : run.clients) {
            money(client, broken);
        }
        for (JsonNode service : services.values()) {
            billingSuspension(service, all, broken);
        }
        charges(run, broken);
        if (all) {
            priced(services, broken);
            queues(run, broken);
            hosts(run, services, broken);
            for (JsonNode service : services.values()) {
                reasons(service, broken);
            }
            processes(services, broken);
        }
        return broken;
    }

    // --- money -----------------------------------------------------------------------------------------------------

    private void money(ClientModel client, List<String> broken) {
        BigDecimal balance = amount(api.get(Api.ADMIN, "/api/v1/clients/" + client.id() + "/account").required()
                .get("balance"));
        BigDecimal ledger = ledgerAt(client.id(), null);
        if (balance.compareTo(ledger) != 0) {
            broken.add("money: client " + client.id() + " has balance " + balance + " but payments - charges + credits"
                    + " = " + ledger);
        }
        if (balance.signum() < 0) {
            broken.add("money: client " + client.id() + " has a negative balance " + balance);
        }
        Map<Long, List<Map<String, Object>>> byService = new HashMap<>();
        for (Map<String, Object> charge : jdbc.queryForList("select charge_key, service_id, period_from, period_to "
                + "from hostflow.charge where client_id = ? and service_id is not null order by id", client.id())) {
            String key = (String) charge.get("charge_key");
            if (PERIOD_CHARGES.stream().anyMatch(key::startsWith)) {
                byService.computeIfAbsent(((Number) charge.get("service_id")).longValue(), id -> new ArrayList<>())
                        .add(charge);
            }
        }
        byService.forEach((serviceId, charges) -> {
            for (int i = 0; i < charges.size(); i++) {
                for (int j = i + 1; j < charges.size(); j++) {
                    if (overlap(charges.get(i), charges.get(j))) {
                        broken.add("money: service " + serviceId + " is charged twice for one period: "
                                + describe(charges.get(i)) + " and " + describe(charges.get(j)));
                    }
                }
            }
        });
    }

    private static boolean overlap(Map<String, Object> a, Map<String, Object> b) {
        LocalDate fromA = date(a.get("period_from"));
        LocalDate toA = date(a.get("period_to"));
        LocalDate fromB = date(b.get("period_from"));
        LocalDate toB = date(b.get("period_to"));
        // [from, to) half-open; no end (ONE_TIME) lasts for ever
        return (toB == null || fromA.isBefore(toB)) && (toA == null || fromB.isBefore(toA));
    }

    private static LocalDate date(Object value) {
        return value == null ? null : ((java.sql.Date) value).toLocalDate();
    }

    private static String describe(Map<String, Object> charge) {
        return charge.get("charge_key") + " [" + charge.get("period_from") + ", " + charge.get("period_to") + ")";
    }

    /** payments - charges + credits of the client, all of them or those booked at or before {@code at}. */
    BigDecimal ledgerAt(long clientId, Instant at) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (JsonNode payment : api.get(Api.ADMIN, "/api/v1/payments?size=500&clientId=" + clientId).required()) {
            if (at == null || !Instant.parse(payment.get("receivedAt").asText()).isAfter(at)) {
                sum = sum.add(amount(payment.get("amount")));
            }
        }
        for (JsonNode credit : api.get(Api.ADMIN, "/api/v1/clients/" + clientId + "/credits?size=1000").required()) {
            if (at == null || !Instant.parse(credit.get("createdAt").asText()).isAfter(at)) {
                sum = sum.add(amount(credit.get("amount")));
            }
        }
        for (Map<String, Object> charge : jdbc.queryForList("select amount, charged_at from hostflow.charge where "
                + "client_id = ?", clientId)) {
            Instant chargedAt = ((java.sql.Timestamp) charge.get("charged_at")).toInstant();
            if (at == null || !chargedAt.isAfter(at)) {
                sum = sum.subtract((BigDecimal) charge.get("amount"));
            }
        }
        return sum;
    }

    private static BigDecimal amount(JsonNode node) {
        return new BigDecimal(node.asText());
    }

    /** The price of the service's next period with its add-ons (a trial goes on with the first paid period). */
    Optional<BigDecimal> nextPeriodPrice(long serviceId) {
        JsonNode service = api.get(Api.ADMIN, "/api/v1/services/" + serviceId).required();
        return nextPeriodPrice(service);
    }

    private Optional<BigDecimal> nextPeriodPrice(JsonNode service) {
        long tariffId = service.get("tariffId").asLong();
        String period = service.get("period").asText();
        if ("ONE_TIME".equals(period)) {
            return Optional.empty();
        }
        if ("TRIAL".equals(period)) {
            JsonNode prices = api.get(Api.ADMIN, "/api/v1/tariffs/" + tariffId).required().get("prices");
            period = PAID_PERIODS.stream().filter(prices::has).findFirst().orElse(null);
            if (period == null) {
                return Optional.empty();
            }
        }
        StringBuilder query = new StringBuilder("/api/v1/tariffs/" + tariffId + "/price?period=" + period);
        for (Iterator<Map.Entry<String, JsonNode>> addons = service.get("addons").fields(); addons.hasNext();) {
            Map.Entry<String, JsonNode> addon = addons.next();
            query.append("&addons[").append(addon.getKey()).append("]=").append(addon.getValue().asLong());
        }
        Api.Answer price = api.get(Api.ADMIN, query.toString());
        return price.ok() ? Optional.of(amount(price.body().get("amount"))) : Optional.empty();
    }

    // --- what admins' catalog writes must keep -----------------------------------------------------------------------

    /**
     * An order is charged exactly the amount its 201 answered, whatever the tariff's prices became before it was
     * paid; a period is charged the price of one version of the tariff (one the scenario's admin wrote, or the one it
     * started with), never a mix or a price nobody set.
     */
    private void charges(ScenarioRun run, List<String> broken) {
        for (ServiceModel service : run.services) {
            for (Map<String, Object> charge : jdbc.queryForList("select charge_key, amount from hostflow.charge"
                    + " where service_id = ? order by id", service.id())) {
                String key = (String) charge.get("charge_key");
                BigDecimal amount = (BigDecimal) charge.get("amount");
                if (key.equals("order-" + service.orderId()) && amount.compareTo(service.amount()) != 0) {
                    broken.add("prices: order " + service.orderId() + " of service " + service.id() + " was answered"
                            + " with amount " + service.amount() + " but charged " + amount);
                } else if (key.startsWith("prolong-")) {
                    Set<BigDecimal> prices = run.catalogAdmin.periodPrices(service.tariff().id(), service.rams());
                    if (prices.stream().noneMatch(price -> price.compareTo(amount) == 0)) {
                        broken.add("prices: service " + service.id() + " was charged " + amount + " (" + key
                                + "), the price of no version of tariff " + service.tariff().id() + " with RAM "
                                + service.rams() + ": " + new java.util.TreeSet<>(prices));
                    }
                }
            }
        }
    }

    /**
     * A live service's next period has a price: a tariff change that would take it away is refused (409), whatever
     * else happens at that moment.
     */
    private void priced(Map<Long, JsonNode> services, List<String> broken) {
        for (JsonNode service : services.values()) {
            String status = service.get("status").asText();
            if ("DELETED".equals(status) || "FAILED".equals(status) || "ONE_TIME".equals(service.get("period")
                    .asText())) {
                continue;
            }
            if (nextPeriodPrice(service).isEmpty()) {
                broken.add("prices: " + status + " service " + service.get("id").asLong() + " (" + service.get(
                        "period").asText() + ", add-ons " + service.get("addons") + ") has no price for its next "
                        + "period on tariff " + service.get("tariffId").asLong() + ": " + api.get(Api.ADMIN,
                                "/api/v1/tariffs/" + service.get("tariffId").asLong()).body().get("prices"));
            }
        }
    }

    /**
     * Once the engine settled nothing talks to a module, so no operation of the scenario holds a queue slot or waits
     * in line, whatever the queue settings became meanwhile; and no queue has more operations running than its
     * module's slots.
     */
    private void queues(ScenarioRun run, List<String> broken) {
        InterleavingCatalog catalog = run.catalog();
        Set<String> ours = run.services.stream().map(s -> s.id() + "-").collect(Collectors.toSet());
        Map<String, Integer> running = new HashMap<>();
        for (Map<String, Object> entry : jdbc.queryForList("select q.module_id, q.queue_value, e.operation_key,"
                + " e.running, e.process_instance_id from hostflow.module_queue q join hostflow.module_queue_entry e"
                + " on e.queue_id = q.id where q.module_id in (?, ?) and q.queue_value <> 'service'",
                catalog.vm().id(), catalog.manual().id())) {
            String queue = "module " + entry.get("module_id") + " queue " + entry.get("queue_value");
            String key = (String) entry.get("operation_key");
            boolean holds = Boolean.TRUE.equals(entry.get("running"));
            if (holds) {
                running.merge(queue + ":" + entry.get("module_id"), 1, Integer::sum);
            }
            if (ours.stream().noneMatch(key::startsWith)) {
                continue;
            }
            String instance = (String) entry.get("process_instance_id");
            ProcessInstance waiter = instance == null ? null
                    : runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult();
            broken.add("queues: operation " + key + (holds ? " holds a slot of " : " waits in line of ") + queue
                    + " after the engine settled; its process " + (waiter == null ? "ended"
                            : "waits at " + runtime.getActiveActivityIds(waiter.getId())));
        }
        running.forEach((queue, count) -> {
            long module = Long.parseLong(queue.substring(queue.lastIndexOf(':') + 1));
            JsonNode settings = api.get(Api.ADMIN, "/api/v1/processing-modules/" + module).required().get("queue");
            if (settings.get("runInQueue").asBoolean() && count > settings.get("queues").asInt()) {
                broken.add("queues: " + queue.substring(0, queue.lastIndexOf(':')) + " has " + count
                        + " operations running, more than its " + settings.get("queues").asInt() + " slots");
            }
        });
    }

    // --- BILLING suspensions ---------------------------------------------------------------------------------------

    /**
     * A service is suspended for BILLING only if the balance did not cover its next period when that was decided,
     * and only once its paid period had ended; and once the engine settled, money on the balance that covers the
     * next period means it is not suspended for BILLING any more. Between two events a resume after payment may
     * still be under way (a manual module waits for the department to start the VM); at the end, after the
     * department has answered, it must have finished.
     */
    private void billingSuspension(JsonNode service, boolean all, List<String> broken) {
        if (!reasons(service).contains("BILLING")) {
            return;
        }
        long id = service.get("id").asLong();
        long clientId = service.get("clientId").asLong();
        Optional<BigDecimal> price = nextPeriodPrice(service);
        if (price.isEmpty()) {
            return;
        }
        BigDecimal balance = amount(api.get(Api.ADMIN, "/api/v1/clients/" + clientId + "/account").required()
                .get("balance"));
        boolean resuming = !all && runtime.createProcessInstanceQuery().processDefinitionKey("ServiceResumeProcess")
                .processInstanceBusinessKey(Long.toString(id)).count() > 0;
        if (balance.compareTo(price.get()) >= 0 && !resuming) {
            broken.add("billing: service " + id + " is " + service.get("status").asText() + " for BILLING while the "
                    + "balance " + balance + " covers its next period (" + price.get() + ")");
        }
        Instant since = jdbc.query("select since from hostflow.service_suspension where service_id = ? and reason = "
                + "'BILLING'", rs -> rs.next() ? rs.getTimestamp(1).toInstant() : null, id);
        Instant decided = suspensionDecision(id, since);
        if (decided == null) {
            return;
        }
        BigDecimal then = ledgerAt(clientId, decided);
        if (then.compareTo(price.get()) >= 0) {
            broken.add("billing: service " + id + " was suspended for BILLING although the balance covered its next "
                    + "period (" + price.get() + ") when that was decided at " + decided + ": payments - charges + "
                    + "credits then = " + then);
        }
        JsonNode paidUntil = service.get("paidUntil");
        if (paidUntil != null && !paidUntil.isNull() && Instant.parse(paidUntil.asText()).isAfter(decided)) {
            broken.add("billing: service " + id + " was suspended for BILLING at " + decided + " although it was "
                    + "paid until " + paidUntil.asText());
        }
    }

    /** When the prolongation that put the BILLING suspension in force decided "not paid". */
    private Instant suspensionDecision(long serviceId, Instant since) {
        Instant latest = null;
        for (HistoricProcessInstance prolongation : history.createHistoricProcessInstanceQuery()
                .processDefinitionKey("ServiceProlongationProcess").processInstanceBusinessKey(Long.toString(serviceId))
                .list()) {
            HistoricVariableInstance next = history.createHistoricVariableInstanceQuery()
                    .processInstanceId(prolongation.getId()).variableName("nextStep").singleResult();
            if (next == null || !"SUSPEND".equals(next.getValue())) {
                continue;
            }
            Instant decided = history.createHistoricActivityInstanceQuery().processInstanceId(prolongation.getId())
                    .activityId("Task_ChargeNextPeriod").list().stream().map(HistoricActivityInstance::getEndTime)
                    .filter(java.util.Objects::nonNull).map(java.util.Date::toInstant).findFirst()
                    .orElse(prolongation.getStartTime().toInstant());
            if ((since == null || !decided.isAfter(since.plusSeconds(1))) && (latest == null
                    || decided.isAfter(latest))) {
                latest = decided;
            }
        }
        return latest;
    }

    // --- hosts -----------------------------------------------------------------------------------------------------

    private void hosts(ScenarioRun run, Map<Long, JsonNode> services, List<String> broken) {
        List<SimulatorPanel.Host> hosts = app.panel.hosts();
        Set<Long> manual = run.services.stream().filter(s -> s.tariff().manual()).map(ServiceModel::id)
                .collect(Collectors.toSet());
        for (JsonNode service : services.values()) {
            long id = service.get("id").asLong();
            if (manual.contains(id)) {
                continue;
            }
            String status = service.get("status").asText();
            List<SimulatorPanel.Host> own = hosts.stream().filter(h -> h.name().equals("hostflow-" + id)).toList();
            String states = own.stream().map(SimulatorPanel.Host::state).toList().toString();
            switch (status) {
                case "DELETED", "FAILED", "ORDERED" -> {
                    if (!own.isEmpty()) {
                        broken.add("hosts: " + status + " service " + id + " has hosts " + states);
                    }
                }
                case "ACTIVE" -> {
                    if (own.size() != 1 || !"active".equals(own.get(0).state())) {
                        broken.add("hosts: ACTIVE service " + id + " has hosts " + states
                                + " instead of one running host");
                    }
                }
                case "SUSPENDED" -> {
                    if (own.size() != 1 || !"stopped".equals(own.get(0).state())) {
                        broken.add("hosts: SUSPENDED service " + id + " has hosts " + states
                                + " instead of one stopped host");
                    }
                }
                default -> {
                    // PROCESSING: on its way; no promise about its host
                }
            }
        }
        Pattern ours = Pattern.compile("hostflow-(\\d+)");
        for (SimulatorPanel.Host host : hosts) {
            var matcher = ours.matcher(host.name());
            boolean known = matcher.matches() && Boolean.TRUE.equals(jdbc.queryForObject(
                    "select count(*) > 0 from hostflow.service where id = ?", Boolean.class,
                    Long.parseLong(matcher.group(1))));
            if (!known) {
                broken.add("hosts: host " + host.id() + " '" + host.name() + "' (" + host.state()
                        + ") belongs to no service");
            }
        }
    }

    // --- reasons, processes, incidents ----------------------------------------------------------------------------

    private static List<String> reasons(JsonNode service) {
        List<String> reasons = new ArrayList<>();
        service.path("statusReasons").forEach(r -> reasons.add(r.asText()));
        return reasons;
    }

    private static void reasons(JsonNode service, List<String> broken) {
        String status = service.get("status").asText();
        if ("DELETED".equals(status)) {
            return;
        }
        boolean suspended = "SUSPENDED".equals(status);
        if (suspended == reasons(service).isEmpty()) {
            broken.add("reasons: service " + service.get("id").asLong() + " is " + status + " with reasons "
                    + reasons(service));
        }
    }

    private void processes(Map<Long, JsonNode> services, List<String> broken) {
        for (JsonNode service : services.values()) {
            long id = service.get("id").asLong();
            if (!"DELETED".equals(service.get("status").asText())) {
                continue;
            }
            for (ProcessInstance waiting : runtime.createProcessInstanceQuery().processInstanceBusinessKey(
                    Long.toString(id)).list()) {
                broken.add("processes: DELETED service " + id + " still has " + waiting.getProcessDefinitionId()
                        + " waiting at " + runtime.getActiveActivityIds(waiting.getId()));
            }
        }
        for (Incident incident : runtime.createIncidentQuery().list()) {
            ProcessInstance instance = runtime.createProcessInstanceQuery()
                    .processInstanceId(incident.getProcessInstanceId()).singleResult();
            String businessKey = instance == null ? null : instance.getBusinessKey();
            boolean ours = businessKey != null && services.containsKey(Long.parseLong(businessKey));
            boolean billingRun = instance != null && instance.getProcessDefinitionId().startsWith("BillingRunProcess");
            if (!ours && !billingRun) {
                continue;
            }
            String message = String.valueOf(incident.getIncidentMessage());
            boolean departmentTask = ours && tasks.createTaskQuery().processInstanceBusinessKey(businessKey)
                    .count() > 0;
            boolean named = services.keySet().stream().anyMatch(id -> Pattern.compile("\\b" + id + "\\b")
                    .matcher(message).find());
            if (!departmentTask && !named) {
                broken.add("incidents: " + incident.getIncidentType() + " at " + incident.getActivityId() + " of "
                        + incident.getProcessDefinitionId() + " (service " + businessKey + ") has no department "
                        + "task and names no cause: " + message);
            }
        }
    }
}
