package com.hostflow.lifecycle.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.lifecycle.moduleoperation.ModuleAnswerListener;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;

/**
 * Keeps what a {@code sync} read, in the transaction that journals the module's answer: the host's id, power state
 * and resources (the module's {@code extra} values, plus {@code ipv4} = how many addresses it has). The comparison
 * reads it back by the sync's operation key, so it never mistakes an earlier round's answer for this one's. Only
 * the last answer per service is kept; the journal has them all.
 */
@Component
class SyncAnswers implements ModuleAnswerListener {

    private static final String TABLE = "hostflow.service_sync";
    private static final TypeReference<Map<String, String>> RESOURCES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    SyncAnswers(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** What the module answered to one sync. {@code answer} is COMPLETED or REJECTED. */
    record Answer(String operationKey, String answer, String rejectCode, String rejectMessage, String hostId,
            String hostState, Map<String, String> resources) {

        boolean completed() {
            return "COMPLETED".equals(answer);
        }
    }

    @Override
    public void answered(long serviceId, String operation, String operationKey, ModuleOutcome outcome) {
        if (!ModuleOperation.SYNC.feature().equals(operation)) {
            return;
        }
        if (outcome instanceof ModuleOutcome.Completed completed) {
            ModuleOutcome.ExternalData data = completed.data() == null ? ModuleOutcome.ExternalData.none()
                    : completed.data();
            Map<String, String> resources = new LinkedHashMap<>();
            if (data.extra() != null) {
                data.extra().forEach((key, value) -> {
                    if (!"state".equals(key)) {
                        resources.put(key, value);
                    }
                });
            }
            if (data.ipAddresses() != null && !data.ipAddresses().isEmpty()) {
                resources.putIfAbsent("ipv4", String.valueOf(data.ipAddresses().size()));
            }
            String state = data.extra() == null ? null : data.extra().get("state");
            write(serviceId, new Answer(operationKey, "COMPLETED", null, null, data.externalId(), state, resources));
        } else if (outcome instanceof ModuleOutcome.Rejected rejected) {
            write(serviceId, new Answer(operationKey, "REJECTED", rejected.code(), truncate(rejected.message()), null,
                    null, Map.of()));
        }
    }

    /** The answer of the sync with this operation key, if the module gave one. */
    @Transactional(readOnly = true)
    Optional<Answer> of(long serviceId, String operationKey) {
        return jdbc.query("select operation_key, answer, reject_code, reject_message, host_id, host_state, resources"
                + " from " + TABLE + " where service_id = ? and operation_key = ?", (row, n) -> new Answer(
                        row.getString("operation_key"), row.getString("answer"), row.getString("reject_code"),
                        row.getString("reject_message"), row.getString("host_id"), row.getString("host_state"),
                        read(row.getString("resources"))), serviceId, operationKey).stream().findFirst();
    }

    private void write(long serviceId, Answer answer) {
        Object[] values = {answer.operationKey(), answer.answer(), answer.rejectCode(), answer.rejectMessage(),
                answer.hostId(), answer.hostState(), write(answer.resources()), Timestamp.from(clock.instant()),
                serviceId};
        int updated = jdbc.update("update " + TABLE + " set operation_key = ?, answer = ?, reject_code = ?,"
                + " reject_message = ?, host_id = ?, host_state = ?, resources = ?, answered_at = ?"
                + " where service_id = ?", values);
        if (updated == 0) {
            // a sync started without a claim (a test, a hand in Cockpit): the row is made here
            jdbc.update("insert into " + TABLE + " (operation_key, answer, reject_code, reject_message, host_id,"
                    + " host_state, resources, answered_at, service_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
    }

    private String write(Map<String, String> resources) {
        try {
            return json.writeValueAsString(resources);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the resources of a sync", e);
        }
    }

    private Map<String, String> read(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text, RESOURCES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the resources of a sync: " + text, e);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
