package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.ERROR_CODE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_MESSAGE;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Task listener of Task_HandleFailedOperation ({@code create}, {@code complete}): while a failed module operation
 * waits for its department, the process carries an incident of type {@value LifecycleEvents#INCIDENT_WAITS_FOR_DEPARTMENT}
 * with the module's message, so Cockpit shows the instance red and counts it on the dashboard. The department's
 * answer resolves it; a process that ends otherwise takes it along.
 */
@Component
public class FailedOperationIncidentListener implements TaskListener {

    private final LifecycleEvents events;

    public FailedOperationIncidentListener(LifecycleEvents events) {
        this.events = events;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            ModuleOperationVariables op = ModuleOperationVariables.of(task.getExecution());
            Object message = task.getVariable(MODULE_MESSAGE);
            events.raiseDepartmentIncident(task.getExecutionId(), task.getId(), op.operation() + " of service "
                    + op.serviceId() + " failed (" + task.getVariable(ERROR_CODE) + ")"
                    + (message == null ? "" : ": " + message) + "; waiting for department "
                    + task.getExecution().getVariable(ModuleOperationProcess.DEPARTMENT_KEY));
        } else {
            events.resolveDepartmentIncidents(task.getExecutionId());
        }
    }
}
