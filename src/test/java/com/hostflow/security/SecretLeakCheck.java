package com.hostflow.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Looks for a secret where the engine keeps data: runtime and historic process variables (serialized form, never
 * deserialized), job exception messages and stack traces, and incident messages. Usable by any test that drove
 * processes, e.g. the end-to-end test.
 */
public final class SecretLeakCheck {

    private final RuntimeService runtimeService;
    private final HistoryService historyService;
    private final ManagementService managementService;

    public SecretLeakCheck(RuntimeService runtimeService, HistoryService historyService,
            ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.historyService = historyService;
        this.managementService = managementService;
    }

    /** Where the secret was found, e.g. {@code "historic variable moduleConfig of process instance 42"}. */
    public List<String> placesInTheEngine(String secret) {
        List<String> places = new ArrayList<>();
        for (VariableInstance variable : runtimeService.createVariableInstanceQuery()
                .disableCustomObjectDeserialization().list()) {
            if (contains(variable.getTypedValue(), variable.getErrorMessage(), secret)) {
                places.add("variable " + variable.getName() + " of process instance "
                        + variable.getProcessInstanceId());
            }
        }
        for (HistoricVariableInstance variable : historyService.createHistoricVariableInstanceQuery()
                .disableCustomObjectDeserialization().list()) {
            if (contains(variable.getTypedValue(), variable.getErrorMessage(), secret)) {
                places.add("historic variable " + variable.getName() + " of process instance "
                        + variable.getProcessInstanceId());
            }
        }
        managementService.createJobQuery().withException().list().forEach(job -> {
            if (containsText(job.getExceptionMessage(), secret)
                    || containsText(managementService.getJobExceptionStacktrace(job.getId()), secret)) {
                places.add("exception of job " + job.getId());
            }
        });
        runtimeService.createIncidentQuery().list().forEach(incident -> {
            if (containsText(incident.getIncidentMessage(), secret)) {
                places.add("incident " + incident.getId());
            }
        });
        historyService.createHistoricIncidentQuery().list().forEach(incident -> {
            if (containsText(incident.getIncidentMessage(), secret)) {
                places.add("historic incident " + incident.getId());
            }
        });
        return places;
    }

    private static boolean contains(TypedValue value, String errorMessage, String secret) {
        if (containsText(errorMessage, secret)) {
            return true;
        }
        if (value == null) {
            return false;
        }
        if (value instanceof SerializableValue serializable && serializable.getValueSerialized() != null) {
            String serialized = serializable.getValueSerialized();
            if (serialized.contains(secret)) {
                return true;
            }
            // Java serialization is stored as base64
            try {
                return new String(Base64.getDecoder().decode(serialized), StandardCharsets.UTF_8).contains(secret);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        Object plain = value.getValue();
        if (plain instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8).contains(secret)
                    || new String(bytes, StandardCharsets.ISO_8859_1).contains(secret);
        }
        return plain != null && String.valueOf(plain).contains(secret);
    }

    private static boolean containsText(String text, String secret) {
        return text != null && text.contains(secret);
    }
}
