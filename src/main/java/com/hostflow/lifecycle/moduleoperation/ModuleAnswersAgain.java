package com.hostflow.lifecycle.moduleoperation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.modules.ModuleSelector;

/**
 * Sends {@code Msg_ModuleAnswersAgain} to the module operations that wait to retry because their module did not answer
 * at all (failure policy {@code RETRY_WHEN_ANSWERING}): the modules they wait for are checked every
 * {@code hostflow.workflow.module-operation.answer-check}, and a wait whose module (an open that found none: any of its
 * tariff's modules) passed a check made after the wait began tries again at once instead of after retry-later (an
 * hour by default; a VMmanager down for two minutes held its orders for that hour). The checks are made with no
 * transaction open; each wait is woken in a transaction of its own, so one that has moved on meanwhile (withdrawn,
 * woken by another node) is skipped and the others go on.
 */
@Component
public class ModuleAnswersAgain {

    public static final String MESSAGE = "Msg_ModuleAnswersAgain";
    static final String WAKES_ON_ANSWER = "RETRY_WHEN_ANSWERING";
    private static final Logger log = LoggerFactory.getLogger(ModuleAnswersAgain.class);
    private static final int CHUNK = 500;

    private final RuntimeService runtime;
    private final NamedParameterJdbcTemplate jdbc;
    private final CatalogLookup catalog;
    private final ModuleSelector selector;

    ModuleAnswersAgain(RuntimeService runtime, JdbcTemplate jdbc, CatalogLookup catalog, ModuleSelector selector) {
        this.runtime = runtime;
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.catalog = catalog;
        this.selector = selector;
    }

    @Scheduled(fixedDelayString = "${hostflow.workflow.module-operation.answer-check:PT30S}",
            initialDelayString = "${hostflow.workflow.module-operation.answer-check:PT30S}")
    void scheduledCheck() {
        try {
            wakeWaitsOfModulesThatAnswer();
        } catch (RuntimeException e) {
            log.warn("checking the modules that operations wait for failed; next check in the next round", e);
        }
    }

    /** One round: checks the modules waited for and wakes the waits of those that answer. Returns the waits woken. */
    public int wakeWaitsOfModulesThatAnswer() {
        List<Wait> waits = waitsForAnAnswer();
        if (waits.isEmpty()) {
            return 0;
        }
        Date checkedFrom = ClockUtil.getCurrentTime();
        Set<Long> answering = new HashSet<>();
        waits.stream().flatMap(wait -> wait.modules().stream()).distinct().forEach(moduleId -> catalog
                .recentProcessingModule(moduleId).filter(selector::answers)
                .ifPresent(module -> answering.add(moduleId)));
        int woken = 0;
        for (Wait wait : waits) {
            if (wait.since().before(checkedFrom) && wait.modules().stream().anyMatch(answering::contains)) {
                woken += wake(wait) ? 1 : 0;
            }
        }
        if (woken > 0) {
            log.info("{} module operations waiting for their module try again: modules {} answer again", woken,
                    answering);
        }
        return woken;
    }

    /**
     * Correlates by instance and policy rather than to the listed execution: a wait that moved on since it was listed
     * (withdrawn, its timer fired, woken by another node) then simply matches nothing, where a call to a vanished
     * subscription fails (an ERROR line of the engine's for every such race).
     */
    private boolean wake(Wait wait) {
        try {
            return !runtime.createMessageCorrelation(MESSAGE).processInstanceId(wait.processInstanceId())
                    .processInstanceVariableEquals(ModuleOperationProcess.FAILURE_POLICY, WAKES_ON_ANSWER)
                    .correlateAllWithResult().isEmpty();
        } catch (OptimisticLockingException e) {
            log.debug("wait of service {} was woken by another node meanwhile: {}", wait.serviceId(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // e.g. the service's deletion removing the instance as it goes on, or another node's wake committed while
            // this one read the execution tree (the engine then fails with a NullPointerException in its cascade, not
            // an engine exception): rolled back, it still waits (or is gone) and the next round sees it again; the
            // other waits of this round go on
            log.info("wait of service {} not woken this round: {}", wait.serviceId(), e.toString());
            return false;
        }
    }

    /** A module operation waiting for {@link #MESSAGE}, with the modules whose answer ends its wait. */
    private record Wait(String processInstanceId, long serviceId, Date since, List<Long> modules) {
    }

    private List<Wait> waitsForAnAnswer() {
        List<EventSubscription> subscriptions = runtime.createEventSubscriptionQuery().eventType("message")
                .eventName(MESSAGE).list();
        List<Wait> waits = new ArrayList<>();
        for (int from = 0; from < subscriptions.size(); from += CHUNK) {
            List<EventSubscription> chunk = subscriptions.subList(from, Math.min(from + CHUNK, subscriptions.size()));
            Map<String, Map<String, Object>> variables = variablesOf(chunk.stream()
                    .map(EventSubscription::getProcessInstanceId).toList());
            Map<Long, List<Long>> modules = modulesOf(variables.values().stream()
                    .map(values -> values.get(ModuleOperationProcess.SERVICE_ID)).filter(Number.class::isInstance)
                    .map(id -> ((Number) id).longValue()).toList());
            for (EventSubscription subscription : chunk) {
                Map<String, Object> values = variables.getOrDefault(subscription.getProcessInstanceId(), Map.of());
                if (WAKES_ON_ANSWER.equals(values.get(ModuleOperationProcess.FAILURE_POLICY))
                        && values.get(ModuleOperationProcess.SERVICE_ID) instanceof Number serviceId) {
                    waits.add(new Wait(subscription.getProcessInstanceId(), serviceId.longValue(),
                            subscription.getCreated(), modules.getOrDefault(serviceId.longValue(), List.of())));
                }
            }
        }
        return waits;
    }

    private Map<String, Map<String, Object>> variablesOf(Collection<String> processInstanceIds) {
        Map<String, Map<String, Object>> byInstance = new HashMap<>();
        for (VariableInstance variable : runtime.createVariableInstanceQuery()
                .processInstanceIdIn(processInstanceIds.toArray(String[]::new))
                .variableNameIn(ModuleOperationProcess.SERVICE_ID, ModuleOperationProcess.FAILURE_POLICY)
                .disableCustomObjectDeserialization().list()) {
            byInstance.computeIfAbsent(variable.getProcessInstanceId(), id -> new HashMap<>())
                    .put(variable.getName(), variable.getValue());
        }
        return byInstance;
    }

    /** The service's module, or, before one was chosen (an open that found none answering), its tariff's modules. */
    private Map<Long, List<Long>> modulesOf(List<Long> serviceIds) {
        Map<Long, List<Long>> modules = new HashMap<>();
        if (serviceIds.isEmpty()) {
            return modules;
        }
        // read first, then ask the catalog: never a second connection while the first still streams rows
        List<Map<String, Object>> services = jdbc.queryForList("select id, processing_module_id, tariff_id"
                + " from hostflow.service where id in (:ids)", new MapSqlParameterSource("ids", serviceIds));
        for (Map<String, Object> service : services) {
            Number moduleId = (Number) service.get("processing_module_id");
            modules.put(((Number) service.get("id")).longValue(), moduleId != null ? List.of(moduleId.longValue())
                    : catalog.recentTariff(((Number) service.get("tariff_id")).longValue())
                            .map(TariffTerms::processingModuleIds).orElse(List.of()));
        }
        return modules;
    }
}
