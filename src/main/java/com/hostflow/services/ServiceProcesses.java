package com.hostflow.services;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Service;

/**
 * Every process instance that ran or runs for a service, from the engine's history. Every per-service process, and
 * every call activity, carries the service id as business key.
 */
@Service
public class ServiceProcesses {

    static final String COCKPIT_INSTANCE = "/camunda/app/cockpit/default/#/process-instance/";
    /**
     * Cockpit's Services page (HostFlow's plugin) of one service: community Cockpit has no page for an ended instance
     * (its process-instance link opens the definition's runtime view, with other services' instances), and this page
     * shows an ended instance with what the history kept of it.
     */
    static final String COCKPIT_SERVICE = "/camunda/app/cockpit/default/#/services?id=";

    private final ServiceQueries queries;
    private final HistoryService history;

    ServiceProcesses(ServiceQueries queries, HistoryService history) {
        this.queries = queries;
        this.history = history;
    }

    public List<ProcessInstanceView> processesOf(long serviceId) {
        queries.service(serviceId);
        return history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId))
                .orderByProcessInstanceStartTime().asc()
                .list().stream()
                .map(instance -> view(serviceId, instance))
                .toList();
    }

    private static ProcessInstanceView view(long serviceId, HistoricProcessInstance instance) {
        String cockpitUrl = instance.getEndTime() == null ? COCKPIT_INSTANCE + instance.getId()
                : COCKPIT_SERVICE + serviceId;
        return new ProcessInstanceView(instance.getId(), instance.getProcessDefinitionKey(), instance.getState(),
                toInstant(instance.getStartTime()), toInstant(instance.getEndTime()), cockpitUrl);
    }

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /**
     * One process instance of a service, with a link that opens it in Cockpit: a running one on its own page, an ended
     * one on the service's Services page.
     */
    public record ProcessInstanceView(String id, String processKey, String state, Instant startTime,
            Instant endTime, String cockpitUrl) {
    }
}
