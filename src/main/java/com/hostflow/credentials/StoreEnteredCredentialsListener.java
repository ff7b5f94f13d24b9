package com.hostflow.credentials;

import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Task listener ({@code complete}) for a user task whose form has the fields of {@link EnteredCredentials}: stores
 * what was entered for the process's {@code serviceId} and removes the variables, so no password outlives the
 * transaction that completes the task. Blank fields change nothing.
 */
@Component("storeEnteredCredentialsListener")
public class StoreEnteredCredentialsListener implements TaskListener {

    /** A password's bytes whose AES-GCM ciphertext (IV and tag added, base64) fits its 1,000-character column. */
    static final int SECRET_BYTES = 700;

    private final ServiceCredentials credentials;

    public StoreEnteredCredentialsListener(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void notify(DelegateTask task) {
        String[] values = EnteredCredentials.FIELDS.stream().map(field -> text(task.getVariable(field)))
                .toArray(String[]::new);
        for (String field : EnteredCredentials.FIELDS) {
            task.removeVariable(field);
        }
        // what the store's columns cannot hold failed the completion in the persistence layer, naming no field
        refuseUnlessFits(EnteredCredentials.LOGIN, values[0], 254);
        refuseUnlessFits(EnteredCredentials.PASSWORD, values[1], SECRET_BYTES);
        refuseUnlessFits(EnteredCredentials.ROOT_PASSWORD, values[2], SECRET_BYTES);
        refuseUnlessFits(EnteredCredentials.PANEL_URL, values[3], 1000);
        boolean anything = java.util.Arrays.stream(values).anyMatch(v -> v != null && !v.isBlank());
        if (anything) {
            Object serviceId = task.getVariable("serviceId");
            if (serviceId == null) {
                throw new IllegalStateException("task " + task.getTaskDefinitionKey()
                        + " takes credentials but its process has no serviceId");
            }
            credentials.recordByHand(Long.parseLong(serviceId.toString()), values[0], values[1], values[2],
                    values[3]);
        }
    }

    private static void refuseUnlessFits(String field, String value, int limit) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > limit) {
            throw new BadUserRequestException(field + ": at most " + limit + " bytes (UTF-8) can be stored");
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
