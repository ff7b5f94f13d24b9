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
                .map(ServiceProcesses::view)
                .toList();
    }

    private static ProcessInstanceView view(HistoricProcessInstance instance) {
        return new ProcessInstanceView(instance.getId(), instance.getProcessDefinitionKey(), instance.getState(),
                toInstant(instance.getStartTime()), toInstant(instance.getEndTime()),
                COCKPIT_INSTANCE + instance.getId());
    }

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** One process instance of a service, with a link that opens it in Cockpit. */
    public record ProcessInstanceView(String id, String processKey, String state, Instant startTime,
            Instant endTime, String cockpitUrl) {
    }
}
